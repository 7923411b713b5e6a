package dev.tern.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SPEC "concurrency": N concurrent agent runs, each making 3 model calls of 300 ms (two tool turns and
 * a final answer), against the simulator in its own JVM. Ideal wall time is 0.9 s.
 *
 * <p>Every transport ({@code -Dtern.bench.transports}, default all) and the {@linkplain FloorClient floor} (the same
 * agent loop on the JDK HttpClient and Jackson, no framework) are measured in the same run, A/B interleaved: each
 * round opens a fresh transport (or floor client) per candidate (alternating which goes first), runs a
 * cold batch (every connection new) and then a warm batch on the kept-alive connections. Each candidate's client lives
 * in its own JVM ({@link ClientJvm}: the bench JVM's flags, a fixed 1 GiB heap), so its collections depend neither on how
 * the collector sized the bench JVM's heap nor on the other candidates' garbage. As JMH does, the run measures
 * {@code -Dtern.bench.forks} (default 3) sets of those JVMs one after the other, and pools their rounds: what the JIT made
 * of a client's code is one draw per JVM, and with one JVM per candidate for the whole run the JDK HttpClient's
 * 10 000-task CPU moved by a quarter from one run to the next. In each fork, after a JIT warm-up that runs until two
 * consecutive rounds agree within 10 %, and one first batch of each case's size per candidate (reported on its own row: it
 * also pays for the first touch of that much heap), {@code -Dtern.bench.rounds} (default 2) rounds are measured; the
 * rows give min / median / max over all forks. Each batch reports the client's
 * GC time inside it, which explains most of the spread between rounds. A round whose {@link CoreSpeed} probe says the
 * shared cores ran slow (well above the run's fastest probe) is measured again, at most as many times as there are rounds
 * in a fork, and the report lists those repeats. The ratios to the floor taken in the same
 * round are the figures to compare across runs: this shared VM's speed moves the absolute ones.
 */
public final class ConcurrencyBench {

    static final String SCENARIO = """
            {"name": "conc", "steps": [
              {"toolCalls": [{"name": "lookup", "arguments": {"id": 1}}]},
              {"toolCalls": [{"name": "lookup", "arguments": {"id": 2}}]},
              {"text": "finished"}]}""";

    /**
     * @param jitCpuMs of {@code clientCpuMs}, what the JIT compiler threads used during the batch
     * @param probeMs the {@link CoreSpeed} probe's CPU right before and after the batch (mean)
     * @param quietProbeMs the probe right before the batch, when both JVMs were quiet (the one after it can still share
     *                       the cores with the simulator closing 10 000 connections: it measured up to 1.3 x the one before)
     * @param memoryProbeMs the {@link MemorySpeed} probe at that quiet moment
     */
    public record Outcome(int tasks, long wallMs, int errors, long peakHeapBytes, String firstError, long clientCpuMs, long simCpuMs,
                          long peakLiveBytes, long gcMillis, long jitCpuMs, double probeMs, double quietProbeMs, double memoryProbeMs) {
        /** The client's CPU per model call without the compiler threads, in µs. */
        double clientMicrosPerCall() {
            return (clientCpuMs - jitCpuMs) * 1000.0 / (3.0 * tasks);
        }
    }

    private final int warmups;
    private final CoreSpeed speed = new CoreSpeed();
    private final MemorySpeed memory = new MemorySpeed();

    /** @param warmups most JIT warm-up rounds (it stops earlier once two rounds agree within 10 % and the JIT used ≤ 5 % of the CPU in three) */
    public ConcurrencyBench(int warmups) { this.warmups = warmups; }

    /** One measured case: how many concurrent runs, and whether the model calls stream (SSE) or block. */
    public record Case(int tasks, boolean streaming) {
        String label() { return tasks + " tasks, " + (streaming ? "streaming" : "blocking"); }

        /** Parses "1000b,1000s,10000b" (b = blocking, s = streaming). */
        public static List<Case> parseAll(String spec) {
            List<Case> out = new ArrayList<>();
            for (String c : spec.split(",")) {
                String t = c.strip();
                out.add(new Case(Integer.parseInt(t.substring(0, t.length() - 1)), t.endsWith("s")));
            }
            return out;
        }
    }

    /** The measurements of one case on one candidate, pooled over the forks. */
    record Series(List<Outcome> cold, List<Outcome> warm, List<Outcome> first) {
        Series() { this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()); }
    }

    /** What the whole run gathered beside the series: probes, warm-up lengths, slow rounds. */
    private record Tally(List<Double> probes, List<Double> memoryProbes, List<Integer> warmRounds, List<String> slowRounds,
                         List<String> keptSlow) {
        Tally() { this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()); }
    }

    public BenchReport run(List<Case> cases) throws Exception {
        double load0 = Machine.load();
        List<String> transports = Rig.transports(), candidates = BenchClient.candidates();
        int rounds = Math.max(1, Integer.getInteger("tern.bench.rounds", 2));
        int forks = Math.max(1, Integer.getInteger("tern.bench.forks", 3));
        BenchReport.Builder b = new BenchReport.Builder("concurrency",
                "concurrent tasks x 3 model calls of 300 ms, simulator in a separate JVM, transports A/B",
                "tern bench concurrency");
        Tally tally = new Tally();
        String clientNote = null;
        Map<Case, Map<String, Series>> series = new LinkedHashMap<>();
        for (Case c : cases) {
            Map<String, Series> byTransport = new LinkedHashMap<>();
            for (String t : candidates) byTransport.put(t, new Series());
            series.put(c, byTransport);
        }
        try (SimProcess sim = SimProcess.start(List.of(SCENARIO), 300, 0)) {
            // JMH's forks: what the JIT compiled for a client (the JDK HttpClient's large code path above all) is one draw
            // per JVM, so one JVM per candidate for the whole run made a run one draw; the forks run one after the other
            for (int f = 0; f < forks; f++) {
                Map<String, ClientJvm> clients = new LinkedHashMap<>();
                try {
                    for (String t : candidates) clients.put(t, ClientJvm.start(t, sim.baseUrl(), sim.clientFlags()));
                    if (clientNote == null) clientNote = clients.values().iterator().next().jvmNote();
                    tally.warmRounds().add(warmUp(sim, clients));
                    for (Case c : cases) measure(sim, clients, c, f, rounds, series.get(c), tally);
                } finally {
                    for (ClientJvm client : clients.values()) client.close();
                }
            }
        }
        series.forEach((c, byTransport) -> ConcurrencyRows.add(b, c, byTransport, transports.getFirst()));
        return b.note("ideal wall time: 3 × 300 ms = 900 ms; every run is a full agent loop (model call, tool call, model call, "
                        + "tool call, model call) on its own virtual thread, through one shared transport")
                .note("each round: a fresh transport per candidate (order alternating), a cold batch (all connections new), "
                        + "then a warm batch on the kept-alive connections; " + forks + " forks (client JVMs per candidate, one fork after"
                        + " the other) of " + rounds + " rounds each, each fork after " + warmUps(tally.warmRounds())
                        + " JIT warm-up rounds (until two agree within 10 % and the JIT compilers used at most 5 % of the client CPU in"
                        + " three in a row) and one first batch of each size per candidate; "
                        + "the tasks start in one loop when the clock starts (no start latch); targets apply to the default transport ("
                        + transports.getFirst() + ")")
                .note("the floor, measured in the same rounds: the same agent loop written with the JDK HttpClient and Jackson, "
                        + "no framework (messages kept as maps, the body written by ObjectMapper, a Jackson tree per SSE chunk or "
                        + "response, the lookup tool called directly, a connection error before the response retried twice as the "
                        + "official SDKs do); its ratios are the rows to compare across runs, as both "
                        + "sides see the same core speed and load")
                .note(CoreSpeed.note(Spread.of(tally.probes())))
                .note(MemorySpeed.note(Spread.of(tally.memoryProbes())))
                .note(tally.slowRounds().isEmpty()
                        ? String.format(Locale.ROOT, "no round was measured again (a round whose probe exceeds %.2f x the run's fastest, %.1f ms,"
                                + " ran during a slow stretch of the shared cores and is repeated)", CoreSpeed.SLOW, speed.fastestMillis())
                        : String.format(Locale.ROOT, "rounds measured again because the probe exceeded %.2f x the run's fastest (%.1f ms), the"
                                + " cores running slow: %s", CoreSpeed.SLOW, speed.fastestMillis(), String.join(", ", tally.slowRounds())))
                .note(tally.keptSlow().isEmpty() ? "no slow round was kept" : "the cores stayed slow after every repeat was spent: "
                        + tally.keptSlow().size() + " slow rounds kept (" + String.join(", ", tally.keptSlow()) + "): this run's figures"
                        + " include a slow stretch of the shared VM")
                .note(SimProcess.flagsNote())
                .note(clientNote.replaceFirst("^client JVM:", "client JVMs, one per candidate in each fork:") + " ("
                        + String.join(" ", ForkedJvm.FIXED_HEAP) + " fixed: the same young generation in every"
                        + " run, and no candidate can use more than 1 GiB of heap)")
                .note(Machine.loadNote(load0))
                .note("reference from the issue (same scenario, JDK HttpClient + Jackson, no framework): 1 921 ms for 1 000 tasks, "
                        + "12.5 s for 10 000")
                .build();
    }

    /** "17" or "15-19". */
    private static String warmUps(List<Integer> perFork) {
        int min = perFork.stream().mapToInt(Integer::intValue).min().orElse(0), max = perFork.stream().mapToInt(Integer::intValue).max().orElse(0);
        return min == max ? String.valueOf(min) : min + "-" + max;
    }

    /**
     * Case {@code c} in fork {@code fork}: a first batch of its size per candidate, then {@code rounds} rounds (a round in a
     * slow stretch measured again, at most {@code rounds} times).
     */
    private void measure(SimProcess sim, Map<String, ClientJvm> clients, Case c, int fork, int rounds, Map<String, Series> byTransport,
                         Tally tally) throws IOException, InterruptedException {
        List<String> candidates = new ArrayList<>(clients.keySet());
        String where = String.format(Locale.ROOT, "%s, fork %d", c.label(), fork + 1);
        // the first batch of this size also touches the client's fixed heap for the first time (page faults) and
        // grows the simulator's heap and thread population: reported on its own row, not mixed into the rounds' spread
        for (String t : candidates) {
            clients.get(t).openClient();
            Outcome first = once(clients, t, c, sim);
            clients.get(t).closeClient();
            byTransport.get(t).first().add(first);
            System.err.printf(Locale.ROOT, "  %s, %s, first batch of this size: %d ms (GC %d ms, %d errors), load %.1f%n",
                    where, t, first.wallMs(), first.gcMillis(), first.errors(), Machine.load());
        }
        int repeated = 0;
        for (int r = 0; r < rounds; r++) {
            List<String> order = new ArrayList<>(candidates);
            if ((fork + r + repeated) % 2 == 1) java.util.Collections.reverse(order);
            Map<String, Outcome[]> round = new LinkedHashMap<>();
            double slowest = 0;
            for (String t : order) {
                clients.get(t).openClient();
                Outcome cold = once(clients, t, c, sim);
                Outcome warm = once(clients, t, c, sim);
                clients.get(t).closeClient();
                round.put(t, new Outcome[] {cold, warm});
                slowest = Math.max(slowest, Math.max(cold.quietProbeMs(), warm.quietProbeMs()));
                // the CPU of both JVMs: the 10 000-task batches are CPU-bound on 2 cores, and the simulator's
                // share (its young collections copy 10 000 connections' state) is what moves their wall time
                System.err.printf(Locale.ROOT, "  %s, %s, round %d: cold %d ms (GC %d ms, %d errors), warm %d ms (GC %d ms, %d errors;"
                                + " CPU client %d ms of which JIT %d, simulator %d ms; probe %.1f ms, memory probe %.1f ms: client"
                                + " %.0f µs per call without JIT), load %.1f%n",
                        where, t, r + 1, cold.wallMs(), cold.gcMillis(), cold.errors(), warm.wallMs(), warm.gcMillis(),
                        warm.errors(), warm.clientCpuMs(), warm.jitCpuMs(), warm.simCpuMs(), warm.probeMs(), warm.memoryProbeMs(),
                        warm.clientMicrosPerCall(), Machine.load());
            }
            // a round during one of this shared VM's slow stretches (the probe well above the run's fastest) is
            // measured again instead of pulling the medians: such a stretch had moved a documented 10 000-task
            // median by a fifth; at most as many repeats as rounds, and the report says how many there were
            quiesce(sim, clients.values());
            slowest = Math.max(slowest, speed.probeMillis());
            if (speed.slow(slowest)) {
                String slowRound = String.format(Locale.ROOT, "%s %.1f ms", where, slowest);
                if (repeated < rounds) {
                    repeated++;
                    tally.slowRounds().add(slowRound);
                    System.err.printf(Locale.ROOT, "  %s, round %d: probe %.1f ms, over %.2f x the run's fastest (%.1f ms): the cores ran slow, measured again%n",
                            where, r + 1, slowest, CoreSpeed.SLOW, speed.fastestMillis());
                    r--;
                    continue;
                }
                // the repeats are spent: the VM stayed slow, and this run's medians carry it (the report says so)
                tally.keptSlow().add(slowRound);
                System.err.printf(Locale.ROOT, "  %s, round %d: probe %.1f ms, the cores still ran slow, kept (%d repeats spent)%n",
                        where, r + 1, slowest, repeated);
            }
            round.forEach((t, o) -> {
                byTransport.get(t).cold().add(o[0]);
                byTransport.get(t).warm().add(o[1]);
                tally.probes().add(o[1].probeMs());
                tally.memoryProbes().add(o[1].memoryProbeMs());
            });
        }
    }

    /**
     * JIT warm-up of both modes on every transport until two consecutive rounds agree within 10 % and the compilers are
     * nearly idle. Each round opens a fresh transport, as a measured round does: its first batch (blocking) connects, the
     * second (streaming) reuses the connections. With one transport kept for the whole warm-up, the connect path was
     * still being compiled in the measured rounds' cold batches.
     */
    private int warmUp(SimProcess sim, Map<String, ClientJvm> clients) throws IOException, InterruptedException {
        long previous = -1;
        int w = 0, quiet = 0;
        while (w < Math.max(1, warmups)) {
            long total = 0, cpu = 0, jit = 0;
            for (String t : clients.keySet()) {
                clients.get(t).openClient();
                for (boolean streaming : new boolean[] {false, true}) {
                    Outcome o = once(clients, t, new Case(1000, streaming), sim);
                    total += o.wallMs();
                    cpu += o.clientCpuMs();
                    jit += o.jitCpuMs();
                }
                clients.get(t).closeClient();
            }
            w++;
            System.err.printf(Locale.ROOT, "  warm-up round %d: %d ms for 2 x 1000 tasks per candidate, client CPU %d ms of which JIT %d, load %.1f%n",
                    w, total, cpu, jit, Machine.load());
            // steady state: wall times agree, and the JIT compilers have been (nearly) idle for three rounds in a row (they
            // compile in bursts for 15-25 rounds; two quiet rounds were often followed by more); while C2 still compiled the
            // request path, a measured batch's CPU moved by a third from one run to the next
            boolean wallSettled = w >= 2 && previous > 0 && Math.abs(total - previous) <= 0.1 * previous;
            quiet = jit <= 0.05 * cpu ? quiet + 1 : 0;
            if (wallSettled && quiet >= 3) break;
            previous = total;
        }
        return w;
    }

    /**
     * One batch of {@code c} on {@code candidate}'s open client, in its JVM, once every JVM is quiet; the simulator's CPU and
     * the core-speed probe are taken here around it.
     */
    Outcome once(Map<String, ClientJvm> clients, String candidate, Case c, SimProcess sim) throws IOException, InterruptedException {
        quiesce(sim, clients.values());
        double probe0 = speed.probeMillis(), memory0 = memory.probeMillis();
        TaskCpu.Snapshot sim0 = sim.cpu();
        ClientJvm.Batch r = clients.get(candidate).batch(c.tasks(), c.streaming());
        TaskCpu.Snapshot sim1 = sim.cpu();
        double probe1 = speed.probeMillis();
        return new Outcome(c.tasks(), r.wallMs(), r.errors(), r.peakHeapBytes(), r.firstError(), r.cpuMs(), sim1.millisSince(sim0),
                r.peakLiveBytes(), r.gcMillis(), r.jitCpuMs(), (probe0 + probe1) / 2, probe0, memory0);
    }

    /**
     * Waits (at most 10 s) until no JVM is still busy with the previous batch: the simulator closing thousands of
     * connections and collecting, a client JVM's compilers. A batch started while that ran shared the two cores with it, and
     * so did its core-speed probe (taken in this JVM).
     */
    static void quiesce(SimProcess sim, Collection<ClientJvm> clients) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<ProcessHandle> jvms = new ArrayList<>();
        for (ClientJvm c : clients) jvms.add(c.handle());
        long[] was = cpuMillis(sim, jvms);
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            long[] now = cpuMillis(sim, jvms);
            boolean quiet = true;
            for (int i = 0; i < now.length; i++) quiet &= now[i] - was[i] <= 10; // under a tenth of a core (the clock ticks in 10 ms)
            if (quiet) return;
            was = now;
        }
    }

    private static long[] cpuMillis(SimProcess sim, List<ProcessHandle> clients) {
        long[] out = new long[clients.size() + 1];
        out[0] = sim.cpuMillis();
        for (int i = 0; i < clients.size(); i++) out[i + 1] = Machine.cpuMillis(clients.get(i));
        return out;
    }
}
