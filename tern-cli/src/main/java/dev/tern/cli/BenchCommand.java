package dev.tern.cli;

import dev.tern.bench.BenchComparison;
import dev.tern.bench.BenchReport;
import dev.tern.bench.BenchmarksDoc;
import dev.tern.bench.CentralRun;
import dev.tern.bench.ConcurrencyBench;
import dev.tern.bench.DuplicatesBench;
import dev.tern.bench.PromptCacheBench;
import dev.tern.bench.ResponseCacheBench;
import dev.tern.bench.ScenarioFork;
import dev.tern.bench.TrackerBench;
import dev.tern.bench.SandboxBench;
import dev.tern.bench.SessionAppendBench;
import dev.tern.bench.StartupBench;
import dev.tern.bench.FanoutBench;
import dev.tern.bench.OverheadBench;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tern bench <scenario>...}: the SPEC's benchmarks, as ratios measured inside one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run benchmarks from SPEC.md and print the numbers (--write-docs also writes them into docs/BENCHMARKS.md).",
                "Scenarios: fanout, overhead, concurrency, session, duplicates, prompt-cache, response-cache, tracker, sandbox, startup, tokenizer, routing, workflow, gateway, embeddings, memory, memory-recall, all."})
public final class BenchCommand implements Callable<Integer> {

    /** Every scenario, in the order {@code all} runs them. */
    static final List<String> ALL = List.of("fanout", "overhead", "concurrency", "session", "duplicates", "prompt-cache", "response-cache",
            "tracker", "sandbox", "startup", "tokenizer", "routing", "workflow", "gateway", "embeddings", "memory", "memory-recall");

    @Parameters(arity = "1..*", paramLabel = "SCENARIO")
    List<String> scenarios;

    @Option(names = "--doc", description = "Markdown file that --write-docs updates and --compare reads (default: docs/BENCHMARKS.md of the Tern checkout)")
    Path doc;

    @Option(names = "--write-docs", description = "also write the numbers into the Markdown file (by default nothing in the checkout changes)")
    boolean writeDocs;

    @Option(names = "--compare", description = "also print each figure as a ratio to the one the Markdown file holds for the same row (a second run's check: within ±15 %% is a reproduction)")
    boolean compare;

    @Option(names = "--no-write", hidden = true, description = "print only (the default; kept for old scripts)")
    boolean noWrite;

    @Option(names = "--runs", paramLabel = "N", description = "run each scenario N times, each in a JVM of its own; --write-docs then writes"
            + " the central run (the one whose figures are closest to the other runs') with a note naming the rows where the others"
            + " differed by more than ±15 %% (default: 1)")
    int runs = 1;

    @Option(names = "--in-process", hidden = true, description = "run the one scenario named in this JVM (what each forked run is)")
    boolean inProcess;

    @Option(names = "--section-out", hidden = true, description = "write the report's Markdown section to this file (what --runs reads back)")
    Path sectionOut;

    @Option(names = "--quick", description = "fewer rounds and smaller sizes (for smoke tests)")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        List<String> names = new ArrayList<>(scenarios);
        if (names.contains("all")) names = ALL;
        for (String name : names) {
            if (!ALL.contains(name)) {
                System.err.println("tern bench: unknown scenario '" + name + "' (" + String.join(", ", ALL) + ", all)");
                return 2;
            }
        }
        Path file = doc != null ? doc : Path.of(System.getenv().getOrDefault("TERN_HOME", "."), "docs", "BENCHMARKS.md");
        if (runs < 1) {
            System.err.println("tern bench: --runs must be at least 1, got " + runs);
            return 2;
        }
        if (!inProcess) return forked(names, file);
        if (names.size() != 1 || runs != 1) {
            System.err.println("tern bench: --in-process runs one scenario once");
            return 2;
        }
        return inProcess(names.getFirst(), file);
    }

    /** One run of one scenario in this JVM: printed, and compared, written or saved as a section as the options ask. */
    private int inProcess(String name, Path file) throws Exception {
        System.err.println("tern bench: running " + name + " ...");
        BenchReport r = switch (name) {
            case "fanout" -> new FanoutBench().run(quick ? 3 : 15);
            case "overhead" -> new OverheadBench().run(quick ? 200 : 10_000, quick ? 300 : 15_000);
            case "concurrency" -> new ConcurrencyBench(Integer.getInteger("tern.bench.warmups", quick ? 1 : 40)).run(System.getProperty("tern.bench.cases") != null
                    ? ConcurrencyBench.Case.parseAll(System.getProperty("tern.bench.cases"))
                    : quick
                    ? List.of(new ConcurrencyBench.Case(1000, false))
                    : List.of(new ConcurrencyBench.Case(1000, false), new ConcurrencyBench.Case(1000, true),
                            new ConcurrencyBench.Case(10_000, false)));
            case "session" -> new SessionAppendBench().run(quick ? 200 : 2000);
            case "duplicates" -> new DuplicatesBench().run();
            case "prompt-cache" -> new PromptCacheBench().run();
            case "gateway" -> new dev.tern.bench.GatewayBench().run(quick ? 200 : 1000,
                    Integer.getInteger("tern.bench.idle", quick ? 500 : 10_000), Integer.getInteger("tern.bench.warmups", quick ? 1 : 40));
            case "response-cache" -> new ResponseCacheBench().run(quick ? 1_000 : 10_000, quick ? 20_000 : 200_000);
            case "tracker" -> new TrackerBench().run(quick ? 100_000 : 1_000_000);
            case "routing" -> new dev.tern.bench.routing.RoutingBench().run(quick);
            case "workflow" -> new dev.tern.bench.research.WorkflowBench().run(quick);
            case "sandbox" -> new SandboxBench().run(quick ? 10 : 50);
            case "startup" -> new StartupBench().run(Path.of(System.getenv().getOrDefault("TERN_HOME", "."), "tern"), quick ? 3 : 10);
            case "tokenizer" -> new dev.tern.bench.TokenizerBench().run(quick ? 3 : 10, quick ? 5 : 20);
            case "embeddings" -> new dev.tern.bench.EmbeddingsBench().run(quick ? 1 : 5, quick ? 1 : 5, quick ? 1 : 3,
                    quick ? 30 : 1000, quick ? 64 : 1000, quick ? 20_000 : 100_000, quick ? 50 : 1000);
            case "memory" -> new dev.tern.bench.MemoryBench().run(quick ? 10_000 : 100_000, quick ? 2_000 : 10_000, quick ? 300 : 2_000, quick ? 200 : 2_000);
            case "memory-recall" -> new dev.tern.bench.MemoryRecallBench().run(quick ? 10_000 : 100_000, quick ? 300 : 2_000, quick ? 200 : 1_000);
            default -> throw new IllegalStateException("ALL names a scenario without a bench: " + name);
        };
        System.out.println(r.toText());
        if (sectionOut != null) Files.writeString(sectionOut, r.toMarkdown());
        if (compare) compared(name, file, "", doc -> BenchComparison.of(r, doc));
        if (writeDocs && !noWrite) {
            new BenchmarksDoc(file).write(r);
            System.err.println("tern bench: wrote " + name + " to " + file.toAbsolutePath().normalize());
        }
        return r.passed() ? 0 : 1;
    }

    /**
     * Every scenario, and every run of one: each in a JVM of its own (`ScenarioFork`), one after the other, so
     * none starts from what another left in the process; with {@code --compare}, a last line counts them all. With
     * {@code --runs N} and {@code --write-docs}, each run's section goes to a file of its own and the central one
     * ({@link CentralRun}) is written. The exit code is the worst child's.
     */
    private int forked(List<String> names, Path file) throws IOException, InterruptedException {
        boolean write = writeDocs && !noWrite;
        List<String> options = new ArrayList<>(List.of("--in-process", "--doc", file.toAbsolutePath().toString()));
        if (compare) options.add("--compare");
        if (write && runs == 1) options.add("--write-docs");
        if (quick) options.add("--quick");
        int exit = 0;
        List<BenchComparison.Count> counts = new ArrayList<>(), centralCounts = new ArrayList<>();
        for (String name : names) {
            List<String> sections = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                List<String> these = new ArrayList<>(options);
                Path out = runs > 1 ? Files.createTempFile("tern-bench-" + name + "-", ".md") : null;
                if (out != null) these.addAll(List.of("--section-out", out.toString()));
                if (runs > 1) System.err.println("tern bench: " + name + ", run " + i + " of " + runs);
                ScenarioFork.Outcome o = ScenarioFork.run(Main.class.getName(), name, these, System.out);
                exit = Math.max(exit, o.exitCode());
                if (o.count() != null) counts.add(o.count());
                if (out != null) {
                    if (Files.size(out) > 0) sections.add(Files.readString(out));
                    Files.delete(out);
                }
            }
            if (runs > 1) exit = Math.max(exit, central(name, sections, file, write, centralCounts));
        }
        if (compare && counts.size() > 1) System.out.println("tern bench --compare, " + (runs > 1 ? "every run: " : "") + BenchComparison.total(counts));
        if (!centralCounts.isEmpty()) System.out.println("tern bench --compare, the central runs: " + BenchComparison.total(centralCounts));
        return exit;
    }

    /**
     * Prints the comparison {@code of} makes from the text of {@code file}, after {@code prefix}; null, with a one-line
     * error, when the file cannot be read or has no section for the scenario.
     */
    private static BenchComparison compared(String name, Path file, String prefix, Function<String, BenchComparison> of) {
        try {
            BenchComparison c = of.apply(Files.readString(file));
            System.out.println(prefix + c.toText());
            return c;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("tern bench: cannot compare " + name + " with " + file + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Prints (and with {@code write}, writes) which of a scenario's runs is the central one; 1 when too few runs reported.
     * With {@code --compare}, the central run is also set beside the documented section (before any write), its counts
     * added to {@code centralCounts}: the documented figures are the central one of their runs, so a second
     * {@code --runs N} is compared the same way, central with central.
     */
    private int central(String name, List<String> sections, Path file, boolean write, List<BenchComparison.Count> centralCounts)
            throws IOException {
        if (sections.size() < 2) {
            System.err.println("tern bench: " + name + ": only " + sections.size() + " run(s) reported; nothing chosen or written");
            return 1;
        }
        CentralRun c = CentralRun.of(sections);
        System.out.println(name + ": run " + (c.index() + 1) + " of " + sections.size() + " is the central one; " + c.note());
        if (compare) {
            BenchComparison cmp = compared(name, file, "the central run, ", doc -> BenchComparison.ofSection(name, sections.get(c.index()), doc));
            if (cmp != null) centralCounts.add(cmp.count());
        }
        if (write) {
            new BenchmarksDoc(file).write(name, c.appendTo(sections.get(c.index())));
            System.err.println("tern bench: wrote " + name + " (run " + (c.index() + 1) + ") to " + file.toAbsolutePath().normalize());
        }
        return 0;
    }
}
