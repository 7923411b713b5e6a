package dev.tern.cli;

import dev.tern.logging.TernLogging;
import dev.tern.logging.Verbosity;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The {@code tern} command. */
@Command(name = "tern", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Tern: a fast, frugal LLM agent runtime for the JVM.",
        footer = {"", "'tern help COMMAND' or 'tern COMMAND --help' shows a command's options."})
public final class Main implements Runnable {

    /**
     * The subcommands, in help order. Every registered command's model is built when the command line is (from
     * the generated specs, {@link CommandLines}); a run needs only its own, so {@link #commandLine(String...)}
     * registers just the one named (help and completion need them all). A holder, not a field of {@code Main}: its class
     * literals load every command class and picocli, which {@code tern --version} never needs.
     */
    static final class Subcommands {
        static final List<Class<?>> ALL = List.of(HelpCommand.class, RunCommand.class, ChatCommand.class,
                SessionsCommand.class, AgentsCommand.class, RouteCommand.class, WorkflowCommand.class, WorkflowsCommand.class,
                DemoCommand.class, SimCommand.class, BenchCommand.class, CompletionCommand.class, TrainCommand.class,
                MemoryCommand.class, dev.tern.channels.cron.CronCommand.class, dev.tern.serve.cli.ServeCommand.class,
                dev.tern.serve.cli.TokenCommand.class, dev.tern.serve.cli.McpCommand.class, PerfCommand.class, BatchCommand.class);

        private Subcommands() { }
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // fast path: no picocli, no command classes (finding picocli's jar opens most of the class path's 100
            // jars), no lambdas or string concatenation to spin classes for: tern --version is a startup benchmark
            System.out.println(versionLine());
            return;
        }
        if (args.length > 0 && !List.of("help", "--help", "-h", "completion").contains(args[0])) {
            // the JSON mapper, BigDecimal and the JDK's locale data, which every command that calls a model reaches
            // before its first request: initialised on the other core while this one sets up logging and the command line
            Prewarm.start();
        }
        // one logging path from the start: libraries' SLF4J and java.util.logging end in Tern's format
        TernLogging.configure(Verbosity.NORMAL);
        System.exit(commandLine(args).execute(args));
    }

    /** The command line with every subcommand and Tern's handling of usage errors. */
    static CommandLine commandLine() { return commandLine(new String[0]); }

    /**
     * The command line for {@code args}: when the first argument names a subcommand other than help and
     * completion, only that one is registered (the others' models are never built).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = CommandLines.of(new Main()).setParameterExceptionHandler(Main::usageError);
        Class<?> only = null;
        if (args.length > 0 && !args[0].equals("help") && !args[0].equals("completion")) {
            for (Class<?> c : Subcommands.ALL) {
                if (CommandLines.name(c).equals(args[0])) only = c;
            }
        }
        for (Class<?> c : only != null ? List.of(only) : Subcommands.ALL) cl.addSubcommand(CommandLines.of(c));
        inheritVersion(cl, cl.getCommandSpec().versionProvider());
        return cl;
    }

    /**
     * Every subcommand offers {@code -V, --version} (picocli's standard help options) but declares no version of its
     * own: without this, {@code tern run -V} printed an empty line.
     */
    private static void inheritVersion(CommandLine cl, CommandLine.IVersionProvider version) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            if (spec.versionProvider() == null && spec.version().length == 0) spec.versionProvider(version);
            inheritVersion(sub, version);
        }
    }

    /**
     * A usage error prints the error and a hint, not the whole help: {@code tern: Unknown option: '--foo'},
     * suggestions when there are close matches, {@code Try 'tern run --help' ...}. Exit code 2.
     */
    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("tern: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return RunCommand.USAGE;
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }

    /**
     * {@code tern 0.1.0 (Java 25.0.3+9-LTS)}: the version from the jar manifest (the build's when run from classes), the
     * JDK's from a system property. Built with a StringBuilder: {@code +} and {@code Runtime.version().toString()} spin
     * method-handle classes at first use (~20 ms of a 100 ms start).
     */
    static String versionLine() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new StringBuilder("tern ").append(v == null ? "0.1.0-SNAPSHOT" : v).append(" (Java ")
                .append(System.getProperty("java.runtime.version")).append(')').toString();
    }

    /** The version for picocli's {@code --version} (with other arguments; alone, {@link #main} answers it first). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {versionLine()};
        }
    }
}
