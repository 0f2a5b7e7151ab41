package io.financehub.platform.validate;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.beans.Introspector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The beans of the hub that YAML routes can call by name: every {@code @Named} class and {@code @Produces @Named}
 * method or field under {@code io.financehub}, found in the application's own classes (not instantiated), with the
 * type the name resolves to.
 */
final class HubBeans {

    private static final String ROOT = "io/financehub/";

    private final Map<String, Class<?>> byName;

    private HubBeans(Map<String, Class<?>> byName) {
        this.byName = byName;
    }

    static HubBeans scan() {
        Map<String, Class<?>> found = new TreeMap<>();
        ClassLoader loader = HubBeans.class.getClassLoader();
        URL anchor = loader.getResource(HubBeans.class.getName().replace('.', '/') + ".class");
        if (anchor == null) {
            return new HubBeans(found);
        }
        for (String className : classNames(anchor)) {
            Class<?> type;
            try {
                type = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            Named named = type.getAnnotation(Named.class);
            if (named != null) {
                found.put(named.value().isEmpty() ? Introspector.decapitalize(type.getSimpleName()) : named.value(), type);
            }
            try {
                for (Method m : type.getDeclaredMethods()) {
                    Named n = m.getAnnotation(Named.class);
                    if (n != null && m.isAnnotationPresent(Produces.class)) {
                        found.put(n.value().isEmpty() ? propertyName(m.getName()) : n.value(), m.getReturnType());
                    }
                }
                for (Field f : type.getDeclaredFields()) {
                    Named n = f.getAnnotation(Named.class);
                    if (n != null && f.isAnnotationPresent(Produces.class)) {
                        found.put(n.value().isEmpty() ? f.getName() : n.value(), f.getType());
                    }
                }
            } catch (LinkageError e) {
                // a class whose members need an optional library: it defines no route bean we could check
            }
        }
        return new HubBeans(found);
    }

    private static String propertyName(String method) {
        return method.startsWith("get") && method.length() > 3 ? Introspector.decapitalize(method.substring(3)) : method;
    }

    /** Class names under io/financehub of the jar or folder the anchor class was loaded from. */
    private static java.util.List<String> classNames(URL anchor) {
        java.util.List<String> names = new java.util.ArrayList<>();
        try {
            if ("jar".equals(anchor.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = new JarFile(Path.of(connection.getJarFileURL().toURI()).toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String entry = entries.nextElement().getName();
                        if (entry.startsWith(ROOT) && entry.endsWith(".class")) {
                            names.add(entry.substring(0, entry.length() - 6).replace('/', '.'));
                        }
                    }
                }
            } else if ("file".equals(anchor.getProtocol())) {
                Path classFile = Path.of(anchor.toURI());
                Path root = classFile;
                for (int i = 0; i < HubBeans.class.getName().split("\\.").length; i++) {
                    root = root.getParent();
                }
                Path base = root;
                try (Stream<Path> files = Files.walk(base.resolve(ROOT))) {
                    files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                        String relative = base.relativize(p).toString().replace('\\', '/');
                        names.add(relative.substring(0, relative.length() - 6).replace('/', '.'));
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the hub's classes from " + anchor, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the hub's classes from " + anchor, e);
        }
        return names;
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    Optional<Class<?>> type(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The hub's own Camel components (such as {@code odoo}), by name, as types with a public no-argument constructor. */
    Map<String, Class<?>> components() {
        Map<String, Class<?>> out = new TreeMap<>();
        byName.forEach((name, type) -> {
            if (org.apache.camel.Component.class.isAssignableFrom(type)) {
                out.put(name, type);
            }
        });
        return out;
    }

    /** "did you mean 'x'?" for a near miss, else the names there are. */
    String suggest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : byName.keySet()) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? "did you mean '" + best + "'?"
                : "the hub's named beans are " + String.join(", ", byName.keySet());
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
