package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line registers only the subcommand a start names; help, completion and typos see them all. */
class MainCommandLineTest {

    @Test
    void aNamedSubcommandIsTheOnlyOneRegisteredAndTheRestStayReachable() {
        assertThat(Main.commandLine("run", "hi").getSubcommands()).containsOnlyKeys("run");
        assertThat(Main.commandLine("help").getSubcommands()).hasSize(Main.Subcommands.ALL.size());
        assertThat(Main.commandLine("completion").getSubcommands()).hasSize(Main.Subcommands.ALL.size());
        assertThat(Main.commandLine().getSubcommands()).containsKeys("run", "chat", "serve", "memory", "bench");

        StringWriter err = new StringWriter();
        CommandLine typo = Main.commandLine("rnu", "hi").setErr(new PrintWriter(err));
        assertThat(typo.execute("rnu", "hi")).isEqualTo(RunCommand.USAGE);
        assertThat(err.toString()).contains("tern: Unmatched arguments").contains("tern --help");

        StringWriter usage = new StringWriter();
        CommandLine run = Main.commandLine("run", "--no-such-flag").setErr(new PrintWriter(usage));
        assertThat(run.execute("run", "--no-such-flag")).isEqualTo(RunCommand.USAGE);
        assertThat(usage.toString()).contains("Unknown option: '--no-such-flag'").contains("tern run --help");
    }

    @Test
    void theVersionLineNamesTernAndTheJdkWhicheverPathPrintsIt() {
        assertThat(Main.versionLine()).matches("tern \\S+ \\(Java " + java.util.regex.Pattern.quote(Runtime.version().toString()) + "\\)");
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine("--version", "--help").setOut(new PrintWriter(out));
        cl.printVersionHelp(new PrintWriter(out));
        assertThat(out.toString().strip()).isEqualTo(Main.versionLine());
        for (String[] args : new String[][] {{"run", "-V"}, {"memory", "--version"}, {"memory", "show", "-V"}, {"serve", "-V"}}) {
            StringWriter sub = new StringWriter();
            CommandLine line = Main.commandLine(args).setOut(new PrintWriter(sub));
            assertThat(line.execute(args)).as(String.join(" ", args)).isZero();
            assertThat(sub.toString().strip()).as(String.join(" ", args)).isEqualTo(Main.versionLine());
        }
    }
}
