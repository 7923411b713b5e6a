package dev.tern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tern} command. */
@Command(name = "tern", mixinStandardHelpOptions = true,
        subcommands = {RunCommand.class, ChatCommand.class, AgentsCommand.class, RouteCommand.class, WorkflowCommand.class,
                WorkflowsCommand.class, DemoCommand.class, SimCommand.class, BenchCommand.class, TrainCommand.class,
                MemoryCommand.class, dev.tern.channels.cron.CronCommand.class}, versionProvider = Main.Version.class,
        description = "Tern: a fast, frugal LLM agent runtime for the JVM.")
public final class Main implements Runnable {

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // fast path: no picocli, no reflection (tern --version is a startup benchmark)
            System.out.println(new Version().getVersion()[0]);
            return;
        }
        int code = new CommandLine(new Main()).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Reads the version from the jar manifest, falling back to the build's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tern " + (v == null ? "0.1.0-SNAPSHOT" : v)
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
