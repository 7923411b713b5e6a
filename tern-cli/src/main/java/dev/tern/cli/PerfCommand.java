package dev.tern.cli;

import dev.tern.memory.tracker.PerfExport;
import dev.tern.memory.tracker.PerfQuery;
import dev.tern.memory.tracker.PerfTracker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tern perf}: what the performance tracker recorded in a workspace, per agent and per model. */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = {"Model calls and runs recorded in a workspace (.tern/metrics): p50/p95 latency, tokens by kind,",
                "response- and prompt-cache hit rates, cost and success, per agent and per model."})
public final class PerfCommand implements Callable<Integer> {

    private static final Pattern SINCE = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");

    @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current folder if it is a workspace, else ~/.tern/workspace)")
    Path workspace;

    @Option(names = "--since", description = "only what happened in this last period: 30m, 12h, 1d, 2w (default: everything kept)")
    String since;

    @Option(names = "--agent", description = "only this agent's calls and runs")
    String agent;

    @Option(names = "--export", description = "json or csv instead of the table")
    String export;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Instant from;
        try {
            from = since == null ? null : Instant.now().minus(parse(since));
        } catch (IllegalArgumentException e) {
            err.println("tern: " + e.getMessage());
            return 2;
        }
        String format = export == null ? "text" : export.toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json") && !format.equals("csv")) {
            err.println("tern: --export must be json or csv, got '" + export + "'");
            return 2;
        }
        Path ws = workspace();
        Path dir = ws.resolve(".tern").resolve("metrics");
        PerfQuery.Result r;
        try {
            r = new PerfQuery(from, agent).run(PerfTracker.callFiles(dir), PerfTracker.runFiles(dir));
        } catch (IOException e) {
            err.println("tern: cannot read " + dir + ": " + e.getMessage());
            return 1;
        }
        switch (format) {
            case "csv" -> out.print(PerfExport.csv(r.summary()));
            case "json" -> {
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("workspace", ws.toString());
                header.put("since", from == null ? null : from.toString());
                header.put("agent", agent);
                header.put("calls", r.calls());
                header.put("runs", r.runs());
                out.println(PerfExport.json(r.summary(), header));
            }
            default -> {
                out.println("Performance of " + ws + (from == null ? "" : " since " + from) + (agent == null ? "" : ", agent " + agent)
                        + ": " + r.calls() + " model calls, " + r.runs() + " runs");
                out.print(PerfExport.text(r.summary()));
            }
        }
        if (r.badLines() > 0) err.println("tern: skipped " + r.badLines() + " line(s) that are not tracker records");
        return 0;
    }

    /** The workspace as the other commands choose it (--workspace, the current folder if it is one, the per-user one); never created. */
    private Path workspace() {
        if (workspace != null) return workspace.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath().normalize();
        return Workspaces.isWorkspace(here) ? here : Workspaces.userWorkspace(Path.of(System.getProperty("user.home")));
    }

    /** "1d" → one day. @throws IllegalArgumentException for anything else */
    static Duration parse(String s) {
        Matcher m = SINCE.matcher(s.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("--since must be a number and a unit (s, m, h, d, w), like 1d or 30m; got '" + s + "'");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
