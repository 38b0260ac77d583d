package io.sluice.spi;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the public signatures of a package as sorted lines of text, one member per line, each line
 * prefixed by its type's name so that a line read alone in a diff says what changed. What a plugin
 * compiled against the SPI can see is rendered: public types (and public or protected nested ones),
 * their supertypes, their public and protected constructors, methods (abstract, default or static,
 * with generic parameter, return and exception types), fields, record components and enum constants,
 * and the runtime annotations on each ({@link Experimental} included: a part leaving or entering
 * experimental status is a change of the contract).
 */
final class SpiSignatures {
    private static final int TYPE_MODIFIERS = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL;
    private static final int MEMBER_MODIFIERS = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL;

    private SpiSignatures() {}

    /**
     * Every public type of {@code anchor}'s package, found by listing the directory or jar {@code anchor}
     * was loaded from (so that test classes sharing the package name are not included).
     */
    static List<Class<?>> publicTypesOfPackageOf(Class<?> anchor) throws IOException {
        String packagePath = anchor.getPackageName().replace('.', '/') + '/';
        URL location = anchor.getProtectionDomain().getCodeSource().getLocation();
        List<String> classNames = new ArrayList<>();
        try {
            Path root = Path.of(location.toURI());
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.list(root.resolve(packagePath))) {
                    files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".class"))
                            .forEach(name -> classNames.add(name.substring(0, name.length() - ".class".length())));
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String name = entries.nextElement().getName();
                        if (name.startsWith(packagePath) && name.endsWith(".class") && name.indexOf('/', packagePath.length()) < 0) {
                            classNames.add(name.substring(packagePath.length(), name.length() - ".class".length()));
                        }
                    }
                }
            }
        } catch (URISyntaxException e) {
            throw new IOException("Cannot list " + location, e);
        }
        List<Class<?>> types = new ArrayList<>();
        for (String simpleName : classNames) {
            if (simpleName.equals("package-info") || simpleName.equals("module-info")) {
                continue;
            }
            Class<?> type;
            try {
                type = Class.forName(anchor.getPackageName() + '.' + simpleName, false, anchor.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IOException("Listed but not loadable: " + simpleName, e);
            }
            if (isVisibleToPlugins(type)) {
                types.add(type);
            }
        }
        types.sort((a, b) -> a.getName().compareTo(b.getName()));
        return types;
    }

    /** Public top-level types, and public or protected member types of visible types. */
    static boolean isVisibleToPlugins(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        Class<?> enclosing = type.getDeclaringClass();
        if (enclosing == null) {
            return Modifier.isPublic(type.getModifiers());
        }
        return (Modifier.isPublic(type.getModifiers()) || Modifier.isProtected(type.getModifiers())) && isVisibleToPlugins(enclosing);
    }

    /** The signatures of {@code types}, sorted. */
    static List<String> render(List<Class<?>> types) {
        Set<String> lines = new TreeSet<>();
        for (Class<?> type : types) {
            lines.addAll(render(type, type.getName()));
        }
        return List.copyOf(lines);
    }

    /**
     * The signatures of one type, each line prefixed by {@code displayName} (the type's name, or another
     * one so that two versions of a fixture can be compared).
     */
    static List<String> render(Class<?> type, String displayName) {
        Set<String> lines = new TreeSet<>();
        String prefix = displayName + " | ";
        lines.add(prefix + "type " + typeHeader(type));
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                lines.add(prefix + "component " + name(component.getGenericType()) + " " + component.getName()
                        + annotations(component.getAnnotations()));
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (field.isSynthetic() || !isVisible(field.getModifiers())) {
                continue;
            }
            if (field.isEnumConstant()) {
                lines.add(prefix + "constant " + field.getName() + annotations(field.getAnnotations()));
            } else {
                lines.add(prefix + "field " + modifiers(field.getModifiers()) + name(field.getGenericType()) + " " + field.getName()
                        + annotations(field.getAnnotations()));
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.isSynthetic() || !isVisible(constructor.getModifiers())) {
                continue;
            }
            lines.add(prefix + "constructor " + modifiers(constructor.getModifiers()) + typeParameters(constructor.getTypeParameters())
                    + type.getSimpleName() + parameters(constructor) + exceptions(constructor) + annotations(constructor.getAnnotations()));
        }
        for (Method method : type.getDeclaredMethods()) {
            if (method.isSynthetic() || method.isBridge() || !isVisible(method.getModifiers())) {
                continue;
            }
            String kind = method.isDefault() ? "default " : "";
            String defaultValue = method.getDefaultValue() == null ? "" : " default " + annotationValue(method.getDefaultValue());
            lines.add(prefix + "method " + modifiers(method.getModifiers()) + kind + typeParameters(method.getTypeParameters())
                    + name(method.getGenericReturnType()) + " " + method.getName() + parameters(method) + exceptions(method)
                    + defaultValue + annotations(method.getAnnotations()));
        }
        return List.copyOf(lines);
    }

    private static String typeHeader(Class<?> type) {
        StringBuilder header = new StringBuilder();
        int modifiers = type.getModifiers() & TYPE_MODIFIERS;
        if (type.isInterface()) {
            modifiers &= ~Modifier.ABSTRACT;
        }
        if (type.isInterface() || type.isEnum() || type.isRecord()) {
            // Implied by the kind: a member interface, enum or record is always static, an enum or record final.
            modifiers &= ~(Modifier.STATIC | (type.isEnum() || type.isRecord() ? Modifier.FINAL : 0));
        }
        header.append(Modifier.toString(modifiers));
        if (type.isSealed()) {
            header.append(" sealed");
        }
        header.append(' ').append(kind(type)).append(typeParameters(type.getTypeParameters()).stripTrailing());
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && superclass != Record.class && type.getSuperclass() != Enum.class) {
            header.append(" extends ").append(name(superclass));
        }
        List<String> interfaces = Arrays.stream(type.getGenericInterfaces()).map(SpiSignatures::name)
                .filter(name -> !(type.isAnnotation() && name.equals(Annotation.class.getName()))).sorted().toList();
        if (!interfaces.isEmpty()) {
            header.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        if (type.isSealed()) {
            header.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses()).map(Class::getName).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return header + annotations(type.getDeclaredAnnotations());
    }

    private static String kind(Class<?> type) {
        if (type.isAnnotation()) {
            return "@interface";
        }
        if (type.isInterface()) {
            return "interface";
        }
        if (type.isEnum()) {
            return "enum";
        }
        if (type.isRecord()) {
            return "record";
        }
        return "class";
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String modifiers(int modifiers) {
        String text = Modifier.toString(modifiers & MEMBER_MODIFIERS);
        return text.isEmpty() ? "" : text + ' ';
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        List<String> rendered = new ArrayList<>();
        for (TypeVariable<?> variable : variables) {
            List<String> bounds = Arrays.stream(variable.getBounds()).filter(bound -> bound != Object.class).map(SpiSignatures::name).toList();
            rendered.add(bounds.isEmpty() ? variable.getName() : variable.getName() + " extends " + String.join(" & ", bounds));
        }
        return "<" + String.join(", ", rendered) + "> ";
    }

    private static String parameters(Executable executable) {
        Type[] types = executable.getGenericParameterTypes();
        List<String> rendered = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            String name = name(types[i]);
            if (executable.isVarArgs() && i == types.length - 1 && name.endsWith("[]")) {
                name = name.substring(0, name.length() - 2) + "...";
            }
            rendered.add(name);
        }
        return "(" + String.join(", ", rendered) + ")";
    }

    private static String exceptions(Executable executable) {
        List<String> thrown = Arrays.stream(executable.getGenericExceptionTypes()).map(SpiSignatures::name).sorted().toList();
        return thrown.isEmpty() ? "" : " throws " + String.join(", ", thrown);
    }

    private static String annotations(Annotation[] annotations) {
        Set<String> names = new LinkedHashSet<>();
        for (Annotation annotation : annotations) {
            Retention retention = annotation.annotationType().getAnnotation(Retention.class);
            if (retention != null && retention.value() == RetentionPolicy.RUNTIME) {
                names.add("@" + annotation.annotationType().getName());
            }
        }
        return names.isEmpty() ? "" : " " + String.join(" ", new TreeSet<>(names));
    }

    private static String annotationValue(Object value) {
        if (value instanceof String text) {
            return '"' + text + '"';
        }
        if (value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value});
        }
        return String.valueOf(value);
    }

    private static String name(Type type) {
        return type.getTypeName();
    }

    /**
     * A diff of two renderings: lines only in {@code expected} prefixed {@code "- "}, lines only in
     * {@code actual} prefixed {@code "+ "}; empty when they are equal. Lines are ordered by type and
     * member name, the removed line of a member before its added line, so that a changed member shows
     * as two adjacent lines.
     */
    static List<String> diff(List<String> expected, List<String> actual) {
        Set<String> removed = new TreeSet<>(expected);
        removed.removeAll(actual);
        Set<String> added = new TreeSet<>(actual);
        added.removeAll(expected);
        List<String> all = new ArrayList<>();
        removed.forEach(line -> all.add("- " + line));
        added.forEach(line -> all.add("+ " + line));
        all.sort(java.util.Comparator.comparing((String line) -> memberKey(line.substring(2)))
                .thenComparing(line -> line.charAt(0) == '-' ? 0 : 1)
                .thenComparing(line -> line.substring(2)));
        return all;
    }

    /** The type and member a line describes: {@code "Type | name"}, without modifiers or types. */
    private static String memberKey(String line) {
        int bar = line.indexOf(" | ");
        String type = line.substring(0, bar);
        String member = line.substring(bar + 3);
        int parenthesis = member.indexOf('(');
        String head = parenthesis >= 0 ? member.substring(0, parenthesis) : member.replaceAll(" @\\S+", "");
        if (member.startsWith("type ")) {
            return type + " | ";
        }
        return type + " | " + head.substring(head.lastIndexOf(' ') + 1);
    }
}
