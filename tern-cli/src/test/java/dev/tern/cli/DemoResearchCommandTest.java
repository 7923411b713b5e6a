package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tern demo research}: no key, the simulator and the market MCP server as a child process. */
class DemoResearchCommandTest {

    @TempDir Path ws;

    @Test
    void runsTheResearchFlowThenTheNaiveFlowAndComparesThem() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        DemoResearchCommand demo = new DemoResearchCommand();
        demo.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        demo.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = new CommandLine(demo).execute("--workspace", ws.toString());
        String o = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(o + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(o.lines().filter(l -> l.startsWith("## ")).map(l -> l.replaceAll("\\s+\\[section.*", "")))
                .containsExactly("## Executive Summary", "## Fundamentals", "## News", "## Risks", "## Verdict");
        assertThat(o).contains("gather mcp_market_get_profile").contains("(cache)").contains("section 1 \"Executive Summary\" on stdout");
        assertThat(o).containsPattern("MCP tool executions\\s+4\\s+12");
        assertThat(o).contains("Tern's workflow was").contains("wall time").contains("tokens in / out");
        assertThat(ws.resolve("reports/ACME.md")).exists();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("workflow research: 3 steps");
    }
}
