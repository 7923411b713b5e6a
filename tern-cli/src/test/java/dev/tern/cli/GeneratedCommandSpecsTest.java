package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ITypeInfo;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The specs the build generates from the commands' annotations (src/build/CommandSpecs.java) build the model picocli
 * builds by reflecting over them: every command, subcommand, mixin, option and positional parameter with every property
 * picocli reads, the same help text, and options that parse into the same fields.
 */
class GeneratedCommandSpecsTest {

    @Test
    void theBuildGeneratedTheSpecsAndMainUsesThem() {
        assertThat(CommandLines.generated()).as("GeneratedCommandSpecs compiled into target/classes by the build").isTrue();
        CommandLine run = Main.commandLine("run", "hi").getSubcommands().get("run");
        assertThat(run.getCommandSpec().options()).allSatisfy(o -> assertThat(o.userObject()).as(o.toString()).isNull());
        for (Class<?> type : Main.Subcommands.ALL) {
            assertThat(CommandLines.name(type)).isEqualTo(type.getAnnotation(CommandLine.Command.class).name());
        }
    }

    @Test
    void everyCommandsGeneratedModelAndHelpEqualPicocliReflection() {
        for (Class<?> type : Main.Subcommands.ALL) {
            if (type == CommandLine.HelpCommand.class) continue;
            CommandLine reflected = new CommandLine(type), generated = CommandLines.of(type);
            assertThat(describe(generated.getCommandSpec())).as(type.getName()).isEqualTo(describe(reflected.getCommandSpec()));
            assertThat(usage(generated)).as(type.getName()).isEqualTo(usage(reflected));
        }
        assertThat(describe(CommandLines.of(new Main()).getCommandSpec())).isEqualTo(describe(new CommandLine(new Main()).getCommandSpec()));
    }

    @Test
    void runOptionsParseIntoTheSameFields() {
        String[] args = {"--model", "m", "-q", "--max-iterations", "7", "--timeout", "30", "--output-format", "json", "-vv",
            "--agent", "coder", "--permission-mode", "plan", "a", "task"};
        RunCommand viaGenerated = new RunCommand(), viaReflection = new RunCommand();
        CommandLines.of(viaGenerated).parseArgs(args);
        new CommandLine(viaReflection).parseArgs(args);
        assertThat(viaGenerated.message).containsExactly("a", "task").isEqualTo(viaReflection.message);
        assertThat(viaGenerated.agentName).isEqualTo("coder").isEqualTo(viaReflection.agentName);
        assertThat(viaGenerated.output.quiet).isTrue().isEqualTo(viaReflection.output.quiet);
        assertThat(viaGenerated.output.verbose).containsExactly(true, true).isEqualTo(viaReflection.output.verbose);
        assertThat(viaGenerated.output.format).isEqualTo("json").isEqualTo(viaReflection.output.format);
        assertThat(viaGenerated.opts.model).isEqualTo("m").isEqualTo(viaReflection.opts.model);
        assertThat(viaGenerated.limits.maxIterations).isEqualTo(7).isEqualTo(viaReflection.limits.maxIterations);
        assertThat(viaGenerated.limits.timeout()).isEqualTo(viaReflection.limits.timeout());
        assertThat(viaGenerated.opts.permissionMode()).isEqualTo(viaReflection.opts.permissionMode());
    }

    static String usage(CommandLine cl) {
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** Every property picocli reads from a command's model, its mixins' and its subcommands', as text (as written). */
    static String describe(CommandSpec s) {
        raw(s);
        StringBuilder b = new StringBuilder();
        b.append("command ").append(s.name()).append(" aliases ").append(Arrays.toString(s.aliases()))
                .append(" help ").append(s.helpCommand()).append(" version ").append(Arrays.toString(s.version()))
                .append(" provider ").append(s.versionProvider() == null ? null : s.versionProvider().getClass().getName())
                .append(" standardHelp ").append(s.mixinStandardHelpOptions())
                .append(" mixins ").append(s.mixins().keySet()).append(" unmatched ").append(s.unmatchedArgsBindings().size()).append('\n');
        b.append(properties(s.usageMessage(), UsageMessageSpec.class)).append('\n');
        for (OptionSpec o : s.options()) b.append(arg(o)).append('\n');
        for (PositionalParamSpec p : s.positionalParameters()) b.append(arg(p)).append('\n');
        for (var sub : s.subcommands().entrySet()) b.append("sub ").append(sub.getKey()).append(":\n").append(describe(sub.getValue().getCommandSpec()));
        return b.toString();
    }

    /** Texts as written: {@code %%} and {@code ${...}} not yet interpolated. */
    static void raw(CommandSpec s) {
        s.interpolateVariables(false);
        s.mixins().values().forEach(GeneratedCommandSpecsTest::raw);
    }

    static String arg(ArgSpec a) {
        ITypeInfo t = a.typeInfo();
        return properties(a, a.isOption() ? OptionSpec.class : PositionalParamSpec.class) + " initial=" + value(a.initialValue())
                + " typeInfo=" + List.of(t.getClassName(), t.isMultiValue(), t.isArray(), t.isCollection(), t.isMap(), t.isBoolean(),
                t.isOptional(), t.isEnum(), t.getEnumConstantNames(), t.getAuxiliaryTypeInfos().size());
    }

    /** The no-argument getters of {@code type} that return text, flags, numbers, ranges, types and enums. */
    static String properties(Object o, Class<?> type) {
        Map<String, String> values = new TreeMap<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) continue;
            Class<?> r = m.getReturnType();
            boolean simple = r.isPrimitive() || r == String.class || r == String[].class || r == CommandLine.Range.class
                    || r == Class.class || r == Class[].class || r.isEnum() || r == Map.class;
            if (!simple || List.of("hashCode", "toString", "sectionMap", "originalDefaultValue", "originalFallbackValue").contains(m.getName())) continue;
            try {
                values.put(m.getName(), value(m.invoke(o)));
            } catch (ReflectiveOperationException e) {
                values.put(m.getName(), "! " + e.getCause());
            }
        }
        if (o instanceof ArgSpec) values.put("toString", o.toString());
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(k + "=" + v));
        return String.join(" ", out);
    }

    static String value(Object v) {
        if (v instanceof Object[] a) return Arrays.deepToString(a);
        if (v instanceof boolean[] a) return Arrays.toString(a);
        if (v instanceof CommandLine.Range r) return r + (r.isUnspecified() ? "(unspecified)" : "");
        return String.valueOf(v);
    }
}
