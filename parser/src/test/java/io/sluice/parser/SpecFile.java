package io.sluice.parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Behaviour tables kept as text files under {@code src/test/resources}: each case starts with
 * {@code ### id} (ids are stable and unique across a folder), followed by {@code key: value} lines, or by
 * {@code key:} and a block of lines indented by two spaces. Lines starting with {@code # } and blank
 * lines are ignored.
 *
 * <p>Invisible characters are written as control pictures and turned back by {@link #decode}:
 * {@code ␉} tab, {@code ␊} line feed, {@code ␍} carriage return, {@code ␠} a space that must not be
 * missed at the end of a line.
 */
public final class SpecFile {
    /** One case: its id, the file it came from and its keys in order; a block's lines are joined by \n. */
    public record Case(String id, String file, Map<String, String> values) {
        public String get(String key) {
            return values.get(key);
        }

        public boolean has(String key) {
            return values.containsKey(key);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private SpecFile() {}

    /** Every case of every {@code .txt} file in the resource folder {@code folder}, in file then case order. */
    public static Stream<Case> cases(String folder) {
        URL url = SpecFile.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("No test resource folder " + folder);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Case> all = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                all.addAll(parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8)));
            }
            List<String> ids = all.stream().map(Case::id).toList();
            for (String id : ids) {
                if (ids.indexOf(id) != ids.lastIndexOf(id)) {
                    throw new IllegalStateException("Duplicate case id " + id + " in " + folder);
                }
            }
            return all.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> parse(String file, List<String> lines) {
        List<Case> cases = new ArrayList<>();
        String id = null;
        Map<String, String> values = null;
        String blockKey = null;
        List<String> block = null;
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            if (line.startsWith("  ") && blockKey != null) {
                block.add(line.substring(2));
                continue;
            }
            if (block != null) {
                values.put(blockKey, String.join("\n", block));
                blockKey = null;
                block = null;
            }
            if (line.isBlank() || (line.startsWith("#") && !line.startsWith("###"))) {
                continue;
            }
            if (line.startsWith("### ")) {
                if (id != null) {
                    cases.add(new Case(id, file, values));
                }
                id = line.substring(4).trim();
                values = new LinkedHashMap<>();
                continue;
            }
            int colon = line.indexOf(':');
            if (id == null || colon < 1) {
                throw new IllegalStateException(file + ":" + number + ": expected '### id' or 'key: value', found: " + line);
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1);
            if (value.isBlank()) {
                blockKey = key;
                block = new ArrayList<>();
            } else {
                values.put(key, value.substring(value.startsWith(" ") ? 1 : 0));
            }
        }
        if (block != null) {
            values.put(blockKey, String.join("\n", block));
        }
        if (id != null) {
            cases.add(new Case(id, file, values));
        }
        return cases;
    }

    /** Control pictures to the characters they stand for. */
    public static String decode(String text) {
        return text.replace('␉', '\t').replace('␊', '\n').replace('␍', '\r').replace('␠', ' ');
    }

    /** Characters that would break a one-line rendering, to control pictures. */
    public static String encode(String text) {
        return text.replace('\t', '␉').replace('\n', '␊').replace('\r', '␍');
    }
}
