package dev.tern.bench.routing;

import dev.tern.bench.ForkedJvm;
import dev.tern.orchestration.agents.AgentRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The first page of a workspace's agents as a new process lists it ({@code tern agents}): timed inside a fresh JVM, from
 * the registry's construction to the page, the JVM's own start left out. A workspace seen for the first time parses every
 * file; the next process reads the parsed index the first one saved.
 *
 * @param millis      construction to page
 * @param onPage      agents on the page
 * @param parsedFiles definition files the registry parsed
 */
record FirstPage(double millis, long onPage, long parsedFiles) {

    /** Lists the first page of {@code workspace} in a fresh JVM started as the launcher starts {@code tern agents}. */
    static FirstPage inFreshJvm(Path workspace, int pageSize) throws IOException, InterruptedException {
        String out = ForkedJvm.run(ForkedJvm.likeTernRun(FirstPage.class, workspace.toString(), Integer.toString(pageSize)), 120,
                "the agent-listing process");
        String[] f = out.lines().reduce((a, b) -> b).orElse("").strip().split(" ");
        if (f.length != 3) throw new IOException("the agent-listing process printed no figures: " + out);
        return new FirstPage(Double.parseDouble(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
    }

    /** In the fresh JVM: {@code <workspace> <page size>}; prints "millis onPage parsedFiles". */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        AgentRegistry registry = new AgentRegistry(Path.of(args[0]));
        int onPage = registry.catalog().page(1, Integer.parseInt(args[1])).size();
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "%.2f %d %d%n", ms, onPage, registry.parsedFiles());
    }
}
