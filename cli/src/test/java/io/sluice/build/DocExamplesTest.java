package io.sluice.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and of the pages under docs/ compiles against Sluice and what a
 * user puts beside it (HikariCP, Micrometer): a block that starts with an annotation is a class member, any
 * other a method body with {@code java.sql}, HikariCP, {@code io.sluice.jdbc} and {@code io.sluice.micrometer}
 * imported and an application's {@code DataSource} in scope as {@code dataSource} and
 * {@code existingDataSource}. (docs/PLUGINS.md's blocks are whole plugin sources, checked by the example plugin.)
 */
class DocExamplesTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");

    record Block(String file, int index, String code) {}

    static List<Block> blocks() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("PLUGINS.md")).sorted().forEach(pages::add);
        }
        List<Block> blocks = new ArrayList<>();
        for (Path page : pages) {
            Matcher matcher = JAVA_BLOCK.matcher(Files.readString(page));
            int index = 0;
            while (matcher.find()) {
                blocks.add(new Block(ROOT.relativize(page).toString(), ++index, matcher.group(1)));
            }
        }
        return blocks;
    }

    static String source(String className, String code) {
        boolean member = code.stripLeading().startsWith("@");
        return """
                import java.sql.*;
                import javax.sql.DataSource;
                import com.zaxxer.hikari.*;
                import io.sluice.jdbc.*;
                import io.sluice.micrometer.*;
                import io.micrometer.core.instrument.binder.MeterBinder;

                class %s {
                    @interface Bean {}
                %s
                }
                """.formatted(className, member ? code
                : "    void example(DataSource dataSource, DataSource existingDataSource) throws Exception {\n" + code + "\n    }");
    }

    @Test
    void everyJavaExampleCompiles(@TempDir Path output) throws Exception {
        List<Block> blocks = blocks();
        assertThat(blocks).as("java blocks in README.md").anyMatch(b -> b.file().equals("README.md"))
                .anyMatch(b -> b.code().contains("SluiceMetrics")).anyMatch(b -> b.code().contains("HikariConfig"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            String className = "Example" + i;
            String code = source(className, block.code());
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            });
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        boolean compiled = compiler.getTask(log, null, diagnostics,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", output.toString(), "-proc:none"), null, sources).call();
        StringBuilder errors = new StringBuilder();
        diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR).forEach(d -> {
            int example = Integer.parseInt(d.getSource().getName().replaceAll("\\D", ""));
            Block block = blocks.get(example);
            errors.append(block.file()).append(", java block ").append(block.index()).append(": ").append(d.getMessage(null))
                    .append(" (line ").append(d.getLineNumber()).append(" of the wrapped source)\n");
        });
        assertThat(compiled).as("%s%s", errors, log).isTrue();
    }

    @Test
    void aBrokenExampleFails(@TempDir Path output) {
        String code = source("Broken", "Connection c = DriverManager.getConnection(42);");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Broken.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
        boolean compiled = compiler.getTask(new StringWriter(), null, new DiagnosticCollector<>(),
                List.of("-classpath", System.getProperty("java.class.path"), "-d", output.toString(), "-proc:none"), null,
                List.of(file)).call();
        assertThat(compiled).isFalse();
    }
}
