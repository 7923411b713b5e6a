package dev.tern.tool.annotation;

import dev.tern.tool.Tool;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the {@link ToolMethod}-annotated public methods of an object into {@link Tool}s. Each tool's
 * schema is generated once, here; calls convert the JSON arguments to the parameter types with
 * Jackson and invoke the method on {@code target}.
 */
public final class AnnotatedTools {

    private AnnotatedTools() { }

    /**
     * The tools of {@code target}, sorted by name (a stable order whatever the JVM's method order).
     *
     * @throws IllegalArgumentException when there is no annotated method, two tools share a name, a
     *                                  parameter type cannot be described, or names were not compiled in
     */
    public static List<Tool> from(Object target) {
        Objects.requireNonNull(target, "target");
        List<Tool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Method m : target.getClass().getMethods()) {
            ToolMethod annotation = m.getAnnotation(ToolMethod.class);
            if (annotation == null) continue;
            AnnotatedTool tool = new AnnotatedTool(target, m, annotation);
            if (!names.add(tool.name())) {
                throw new IllegalArgumentException("two @ToolMethod methods of " + target.getClass().getName()
                        + " are named '" + tool.name() + "'");
            }
            tools.add(tool);
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException(target.getClass().getName() + " has no public @ToolMethod method");
        }
        tools.sort(Comparator.comparing(Tool::name));
        return List.copyOf(tools);
    }

    /** {@code readFile} → {@code read_file}, {@code fetchURL} → {@code fetch_url}. */
    static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLower = i > 0 && !Character.isUpperCase(camel.charAt(i - 1));
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (i > 0 && (prevLower || nextLower) && sb.charAt(sb.length() - 1) != '_') sb.append('_');
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
