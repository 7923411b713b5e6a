package dev.tern.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Picocli command lines for Tern's commands, built from the specs the build generates from their annotations
 * ({@code tern-cli/src/build/CommandSpecs.java}, run in Maven's process-classes phase) instead of by picocli's
 * reflection over them. A JVM's first annotation costs ~50 ms (the JDK generates a proxy class per annotation type),
 * which came before every {@code tern run}'s first request. A command the generated index does not know, or a build
 * without the index (classes compiled by an IDE), gets picocli's reflection: the same model, built more slowly.
 */
public final class CommandLines {

    /** The generated index ({@code GeneratedCommandSpecs}): Main and its subcommands by class name. */
    public interface Specs {
        /** The spec of the command class named {@code type}, bound to {@code command} (null: a new instance); null if unknown. */
        CommandSpec spec(String type, Object command);

        /** The command name of the command class named {@code type}; null if unknown. */
        String name(String type);
    }

    private static final Specs GENERATED = load();

    private CommandLines() { }

    /** The command line of {@code command}, a Tern command object whose fields receive the options. */
    public static CommandLine of(Object command) { return of(command.getClass().getName(), command, command); }

    /** The command line of a new instance of {@code type}. */
    public static CommandLine of(Class<?> type) { return of(type.getName(), null, type); }

    /**
     * From the generated spec of {@code type} bound to {@code command}, else by picocli's reflection over
     * {@code reflected}. Path options are converted by {@link Path#of} directly: picocli (built for Java 5) finds
     * {@code Paths.get} by reflection and calls it through {@code Method.invoke}, whose first use spun method-handle
     * classes (~5 ms of a {@code tern run} with {@code --workspace}).
     */
    private static CommandLine of(String type, Object command, Object reflected) {
        CommandSpec spec = GENERATED == null ? null : GENERATED.spec(type, command);
        return new CommandLine(spec != null ? spec : reflected).registerConverter(Path.class, s -> Path.of(s));
    }

    /** The name of the command class {@code type}, without reading its annotations when the index knows it. */
    static String name(Class<?> type) {
        String name = GENERATED == null ? null : GENERATED.name(type.getName());
        return name != null ? name : type.getAnnotation(CommandLine.Command.class).name();
    }

    /** Whether the generated specs are in use (false: picocli reflects over the annotations). */
    static boolean generated() { return GENERATED != null; }

    /** An insertion-ordered map of {@code key, value, key, value, ...} (the generated exit-code lists). */
    public static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) map.put(keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    private static Specs load() {
        try {
            return (Specs) Class.forName("dev.tern.cli.GeneratedCommandSpecs").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
