import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import picocli.CommandLine;
import tools.jackson.core.io.JsonStringEncoder;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Build step (Maven's process-classes phase): Tern's picocli commands as code.
 *
 * <p>Picocli builds a command's model by reflecting over its annotations, and a JVM's first annotation costs ~50 ms
 * (the JDK generates a proxy class per annotation type with its class-file library, interpreted at that point): ~45 ms
 * of {@code tern run}'s main thread before its first request. This step lets picocli do that reflection here, once per
 * build, and writes what it found as plain Java that builds the same model with picocli's programmatic API, binding
 * each option to its field directly (no reflective accessors either): one {@code CommandSpecs_X} class next to each
 * command or mixin class {@code X}, and {@code dev.tern.cli.GeneratedCommandSpecs}, the index {@code CommandLines}
 * looks them up in. It compiles them into the module's classes. {@code GeneratedCommandSpecsTest} checks that every
 * command's generated model and help equal picocli's own.
 *
 * <p>Usage: {@code java -cp CLASSPATH CommandSpecs.java SOURCE_DIR CLASSES_DIR}
 */
public final class CommandSpecs {

    private final Map<Class<?>, String> generated = new LinkedHashMap<>();
    private final Map<Class<?>, String> sources = new LinkedHashMap<>();
    /** Main and its subcommands by their names: the index makes those of them that are Tern's. */
    private final Map<Class<?>, String> rootNames = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]), classes = Path.of(args[1]);
        CommandSpecs gen = new CommandSpecs();
        Class<?> main = Class.forName("dev.tern.cli.Main");
        gen.root(main);
        Field all = Class.forName("dev.tern.cli.Main$Subcommands").getDeclaredField("ALL");
        all.setAccessible(true);
        for (Object c : (List<?>) all.get(null)) gen.root((Class<?>) c);
        gen.write(out, classes);
    }

    static boolean ours(Class<?> c) { return c.getName().startsWith("dev.tern."); }

    static String specClass(Class<?> c) {
        return c.getPackageName() + ".CommandSpecs_" + c.getName().substring(c.getPackageName().length() + 1).replace('$', '_');
    }

    void root(Class<?> c) throws Exception {
        rootNames.put(c, c.getAnnotation(CommandLine.Command.class).name());   // picocli's help command's too
        if (!ours(c)) return;
        if (!Modifier.isPublic(c.getModifiers())) throw new IllegalStateException(c + ": a subcommand of tern is public");
        command(c);
    }

    /** Generates the spec class of {@code c} (a command or a mixin) and of the commands and mixins it uses. */
    void command(Class<?> c) throws Exception {
        if (generated.containsKey(c)) return;
        generated.put(c, specClass(c));
        CommandSpec spec = CommandSpec.forAnnotatedObject(newInstance(c));
        raw(spec);
        StringBuilder body = new StringBuilder();
        body.append("        CommandSpec s = CommandSpec.wrapWithoutInspection(c);\n");
        emitCommand(spec, body);
        Map<ArgSpec, String> mixinOf = new IdentityHashMap<>();
        for (var m : spec.mixins().entrySet()) {
            for (ArgSpec a : m.getValue().args()) mixinOf.put(a, m.getKey());
        }
        List<Field> bound = new ArrayList<>();
        List<String> mixinsAdded = new ArrayList<>();
        for (ArgSpec a : spec.args()) {
            String mixin = mixinOf.get(a);
            if (mixin != null) {
                if (!mixinsAdded.contains(mixin)) {
                    mixinsAdded.add(mixin);
                    emitMixin(spec, mixin, body);
                }
                continue;
            }
            if (!(a.userObject() instanceof Field f)) throw new IllegalStateException(c.getName() + ": " + a + " is not a field");
            checkAccess(f);
            bound.add(f);
            body.append("        s.add").append(a.isOption() ? "Option" : "Positional").append('(')
                    .append(argBuilder(a, "new F(c, " + (bound.size() - 1) + ")", "c." + f.getName())).append(");\n");
        }
        for (var m : spec.mixins().keySet()) {
            if (!mixinsAdded.contains(m)) emitMixin(spec, m, body);   // a mixin without options
        }
        if (!spec.unmatchedArgsBindings().isEmpty()) {
            Field f = annotated(c, CommandLine.Unmatched.class);
            if (!java.util.Collection.class.isAssignableFrom(f.getType())) {
                throw new IllegalStateException(f + ": an @Unmatched field the generated spec fills is a List<String>");
            }
            bound.add(f);
            body.append("        s.addUnmatchedArgsBinding(CommandLine.Model.UnmatchedArgsBinding.forStringCollectionSupplier(new F(c, ")
                    .append(bound.size() - 1).append(")));\n");
        }
        for (Field f : fields(c)) {
            if (f.isAnnotationPresent(CommandLine.Spec.class)) {
                checkAccess(f);
                if (f.getAnnotation(CommandLine.Spec.class).value() != CommandLine.Spec.Target.SELF) {
                    throw new IllegalStateException(f + ": only @Spec of the command itself is generated");
                }
                body.append("        c.").append(f.getName()).append(" = s;\n");
            }
        }
        for (var sub : spec.subcommands().entrySet()) {
            Class<?> sc = sub.getValue().getCommandSpec().userObject().getClass();
            if (!ours(sc)) {
                body.append("        s.addSubcommand(").append(lit(sub.getKey())).append(", new CommandLine(new ")
                        .append(sc.getCanonicalName()).append("()));\n");
                continue;
            }
            command(sc);
            body.append("        { ").append(sc.getCanonicalName()).append(" sub = new ").append(sc.getCanonicalName()).append("();\n");
            for (Field f : fields(sc)) {
                if (f.isAnnotationPresent(CommandLine.ParentCommand.class)) {
                    checkAccess(f);
                    body.append("          sub.").append(f.getName()).append(" = c;\n");
                }
            }
            body.append("          s.addSubcommand(").append(lit(sub.getKey())).append(", new CommandLine(")
                    .append(generated.get(sc)).append(".spec(sub))); }\n");
        }
        body.append("        return s;\n");
        sources.put(c, source(c, body.toString(), bound));
    }

    void emitMixin(CommandSpec spec, String name, StringBuilder body) throws Exception {
        CommandSpec mixin = spec.mixins().get(name);
        Object user = mixin.userObject();
        IAnnotatedElement field = spec.mixinAnnotatedElements().get(name);
        if (user != null && ours(user.getClass()) && field != null) {
            command(user.getClass());
            body.append("        if (c.").append(field.getName()).append(" == null) c.").append(field.getName()).append(" = new ")
                    .append(user.getClass().getCanonicalName()).append("();\n");
            body.append("        s.addMixin(").append(lit(name)).append(", ").append(generated.get(user.getClass()))
                    .append(".spec(c.").append(field.getName()).append("));\n");
            return;
        }
        // picocli's own (the standard --help and --version): its options hold their values themselves
        body.append("        { CommandSpec m = CommandSpec.create();\n");
        for (ArgSpec a : mixin.args()) {
            body.append("          m.add").append(a.isOption() ? "Option" : "Positional").append('(').append(argBuilder(a, null, null)).append(");\n");
        }
        body.append("          s.addMixin(").append(lit(name)).append(", m); }\n");
    }

    void emitCommand(CommandSpec spec, StringBuilder body) {
        body.append("        s.name(").append(lit(spec.name())).append(");\n");
        if (spec.aliases().length > 0) body.append("        s.aliases(").append(lit(spec.aliases())).append(");\n");
        if (spec.helpCommand()) body.append("        s.helpCommand(true);\n");
        if (spec.versionProvider() != null) {
            body.append("        s.versionProvider(new ").append(spec.versionProvider().getClass().getCanonicalName()).append("());\n");
        }
        if (spec.version().length > 0) body.append("        s.version(").append(lit(spec.version())).append(");\n");
        UsageMessageSpec u = spec.usageMessage(), d = new UsageMessageSpec();
        for (Method m : UsageMessageSpec.class.getMethods()) {
            if (m.getParameterCount() != 0 || !USAGE.contains(m.getName())) continue;
            Object v = invoke(m, u);
            if (!Objects.deepEquals(v, invoke(m, d))) {
                body.append("        s.usageMessage().").append(m.getName()).append('(').append(lit(v)).append(");\n");
            }
        }
    }

    static final Set<String> USAGE = Set.of("headerHeading", "header", "synopsisHeading", "synopsisSubcommandLabel",
            "abbreviateSynopsis", "customSynopsis", "descriptionHeading", "description", "parameterListHeading",
            "optionListHeading", "sortOptions", "sortSynopsis", "requiredOptionMarker", "showDefaultValues",
            "showAtFileInUsageHelp", "showEndOfOptionsDelimiterInUsageHelp", "hidden", "commandListHeading",
            "exitCodeListHeading", "exitCodeList", "footerHeading", "footer");

    /** The properties an option or a positional parameter may differ in from the builder's defaults. */
    static final List<String> ARG = List.of("required", "interactive", "echo", "prompt", "description", "descriptionKey",
            "paramLabel", "hideParamSyntax", "splitRegex", "splitRegexSynopsisLabel", "hidden", "inherited", "defaultValue",
            "showDefaultValue", "scopeType", "mapFallbackValue");
    static final List<String> OPTION = List.of("help", "usageHelp", "versionHelp", "negatable", "fallbackValue", "order");

    /** A builder expression for {@code a}; {@code binding} null: the value stays in the spec. */
    String argBuilder(ArgSpec a, String binding, String initial) throws Exception {
        StringBuilder b = new StringBuilder();
        ArgSpec d;
        if (a instanceof OptionSpec o) {
            b.append("OptionSpec.builder(").append(lit(o.names())).append(')');
            d = OptionSpec.builder(o.names()).arity(a.arity()).type(a.type()).auxiliaryTypes(a.auxiliaryTypes()).build();
        } else {
            PositionalParamSpec p = (PositionalParamSpec) a;
            b.append("PositionalParamSpec.builder().index(").append(lit(p.index())).append(')');
            d = PositionalParamSpec.builder().index(p.index()).arity(a.arity()).type(a.type()).auxiliaryTypes(a.auxiliaryTypes()).build();
        }
        b.append(".arity(").append(lit(a.arity())).append(").type(").append(lit(a.type())).append(").auxiliaryTypes(")
                .append(lit(a.auxiliaryTypes())).append(')');
        List<String> props = new ArrayList<>(ARG);
        if (a.isOption()) props.addAll(OPTION);
        for (String p : props) {
            Method get = (a.isOption() ? OptionSpec.class : PositionalParamSpec.class).getMethod(p);
            Object v = invoke(get, a);
            if (!Objects.deepEquals(v, invoke(get, d))) b.append("\n                .").append(p).append('(').append(lit(v)).append(')');
        }
        if (binding != null) {
            b.append("\n                .getter(").append(binding).append(").setter(").append(binding).append(')');
            if (a.hasInitialValue()) b.append(".initialValue(").append(initial).append(").hasInitialValue(true)");
        } else if (a.hasInitialValue()) {
            b.append("\n                .initialValue(").append(lit(a.initialValue())).append(").hasInitialValue(true)");
        }
        b.append("\n                .withToString(").append(lit(a.toString())).append(").build()");
        return b.toString();
    }

    String source(Class<?> c, String body, List<Field> bound) {
        String type = c.getCanonicalName(), name = generated.get(c), simple = name.substring(name.lastIndexOf('.') + 1);
        StringBuilder s = new StringBuilder();
        s.append("package ").append(c.getPackageName()).append(";\n\n");
        s.append("import picocli.CommandLine;\nimport picocli.CommandLine.Model.CommandSpec;\n")
                .append("import picocli.CommandLine.Model.OptionSpec;\nimport picocli.CommandLine.Model.PositionalParamSpec;\n\n");
        s.append("/** Generated by tern-cli/src/build/CommandSpecs.java from {@link ").append(type).append("}'s annotations. */\n");
        s.append("@SuppressWarnings({\"unchecked\", \"rawtypes\"})\npublic final class ").append(simple).append(" {\n\n");
        s.append("    private ").append(simple).append("() { }\n\n");
        s.append("    public static CommandSpec spec(").append(type).append(" c) {\n").append(body).append("    }\n");
        if (!bound.isEmpty()) {
            s.append("\n    /** Field i of the command or mixin, read and written directly. */\n");
            s.append("    private record F(").append(type).append(" c, int i) implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {\n");
            s.append("        @Override public <T> T get() {\n            return (T) switch (i) {\n");
            for (int i = 0; i < bound.size(); i++) {
                s.append("                case ").append(i).append(" -> (Object) c.").append(bound.get(i).getName()).append(";\n");
            }
            s.append("                default -> throw new IllegalStateException();\n            };\n        }\n");
            s.append("        @Override public <T> T set(T value) {\n            T old = get();\n            switch (i) {\n");
            for (int i = 0; i < bound.size(); i++) {
                Field f = bound.get(i);
                s.append("                case ").append(i).append(" -> c.").append(f.getName()).append(" = (")
                        .append(boxed(f.getType())).append(") value;\n");
            }
            s.append("                default -> throw new IllegalStateException();\n            }\n            return old;\n        }\n    }\n");
        }
        s.append("}\n");
        return s.toString();
    }

    void write(Path out, Path classes) throws IOException {
        List<Path> files = new ArrayList<>();
        StringBuilder specs = new StringBuilder(), names = new StringBuilder();
        for (var e : sources.entrySet()) {
            Class<?> c = e.getKey();
            files.add(writeSource(out, generated.get(c), e.getValue()));
            if (!rootNames.containsKey(c)) continue;   // the others are built by the commands that use them
            String type = c.getCanonicalName();
            specs.append("            case ").append(lit(c.getName())).append(" -> ").append(generated.get(c)).append(".spec(command == null ? new ")
                    .append(type).append("() : (").append(type).append(") command);\n");
        }
        rootNames.forEach((c, n) -> names.append("            case ").append(lit(c.getName())).append(" -> ").append(lit(n)).append(";\n"));
        StringBuilder index = new StringBuilder("package dev.tern.cli;\n\n")
                .append("/** Generated by tern-cli/src/build/CommandSpecs.java: the commands' specs built as code. */\n")
                .append("public final class GeneratedCommandSpecs implements CommandLines.Specs {\n\n")
                .append("    @Override\n    public picocli.CommandLine.Model.CommandSpec spec(String type, Object command) {\n")
                .append("        return switch (type) {\n").append(specs).append("            default -> null;\n        };\n    }\n\n")
                .append("    @Override\n    public String name(String type) {\n")
                .append("        return switch (type) {\n").append(names).append("            default -> null;\n        };\n    }\n}\n");
        files.add(writeSource(out, "dev.tern.cli.GeneratedCommandSpecs", index.toString()));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "21", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                "-cp", System.getProperty("java.class.path"), "-d", classes.toString()));
        files.forEach(f -> args.add(f.toString()));
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) throw new IllegalStateException("compiling the generated command specs failed (" + rc + ")");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    static Path writeSource(Path out, String className, String source) throws IOException {
        Path file = out.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, source);
    }

    /**
     * Reads the texts as written ({@code %%}, {@code ${...}}): picocli's getters interpolate variables, and the
     * generated spec interpolates them again at run time.
     */
    static void raw(CommandSpec spec) {
        spec.interpolateVariables(false);
        spec.mixins().values().forEach(CommandSpecs::raw);
    }

    static Object newInstance(Class<?> c) throws Exception {
        var k = c.getDeclaredConstructor();
        k.setAccessible(true);
        return k.newInstance();
    }

    static List<Field> fields(Class<?> c) {
        List<Field> all = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) all.addAll(List.of(k.getDeclaredFields()));
        return all;
    }

    static Field annotated(Class<?> c, Class<? extends java.lang.annotation.Annotation> a) {
        for (Field f : fields(c)) if (f.isAnnotationPresent(a)) { checkAccess(f); return f; }
        throw new IllegalStateException(c + ": no field with @" + a.getSimpleName());
    }

    static void checkAccess(Field f) {
        if (Modifier.isPrivate(f.getModifiers())) {
            throw new IllegalStateException(f + " is private: the generated spec sets it directly (make it package-private)");
        }
    }

    static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(m + ": " + e, e);
        }
    }

    static String boxed(Class<?> t) {
        if (!t.isPrimitive()) return t.getCanonicalName();
        return switch (t.getName()) {
            case "int" -> "Integer";
            case "char" -> "Character";
            default -> Character.toUpperCase(t.getName().charAt(0)) + t.getName().substring(1);
        };
    }

    static String lit(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) {
            // JSON's escapes (quote, backslash, n, t, b, f and u-hex) are Java's too; the rest stays as it is (UTF-8 sources)
            return "\"" + new String(JsonStringEncoder.getInstance().quoteAsCharArray(s)) + "\"";
        }
        if (v instanceof String[] a) {
            StringBuilder b = new StringBuilder("new String[] {");
            for (int i = 0; i < a.length; i++) b.append(i == 0 ? "" : ", ").append(lit(a[i]));
            return b.append('}').toString();
        }
        if (v instanceof Class<?>[] a) {
            StringBuilder b = new StringBuilder("new Class<?>[] {");
            for (int i = 0; i < a.length; i++) b.append(i == 0 ? "" : ", ").append(lit(a[i]));
            return b.append('}').toString();
        }
        if (v instanceof Class<?> c) return c.getCanonicalName() + ".class";
        if (v instanceof Boolean || v instanceof Integer) return v.toString();
        if (v instanceof Character ch) return "'" + (ch == '\'' ? "\\'" : ch == '\\' ? "\\\\" : String.valueOf(ch)) + "'";
        if (v instanceof Enum<?> e) return e.getDeclaringClass().getCanonicalName() + "." + e.name();
        if (v instanceof CommandLine.Range r) {
            return "new CommandLine.Range(" + r.min() + ", " + r.max() + ", " + r.isVariable() + ", " + r.isUnspecified() + ", "
                    + lit(r.originalValue()) + ")";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> kv = new ArrayList<>();
            m.forEach((k, x) -> { kv.add((String) k); kv.add((String) x); });
            return "dev.tern.cli.CommandLines.ordered(" + lit(kv.toArray(String[]::new)) + ")";
        }
        throw new IllegalStateException("no literal for " + v.getClass() + ": " + v);
    }
}
