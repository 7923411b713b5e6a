package dev.tern.bench;

import dev.tern.llm.ModelInterceptor;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * SPEC "overhead" at steady state, measured in {@code forks} fresh JVMs one after the other (JMH's forks): each warms
 * every candidate (Tern on each transport, the {@linkplain FloorClient floor}) up, then runs rounds of short
 * alternating slices of them, and prints each round's sums. The figures pool the rounds of all forks.
 *
 * <p>Why forks: inside one JVM the rounds agree closely (the ratio to the floor within ±5 %), yet a second run of the
 * bench in a new JVM landed 15-20 % away on the same cores: what the JIT compiled (inlining, the order of compilations)
 * and where the heap settled are one draw per JVM. Several JVMs sample that draw, and their spread shows in min/max.
 * Each fork runs with the bench JVM's flags plus a fixed heap ({@link ForkedJvm#FIXED_HEAP}), so the young generation, and with
 * it the GC's share of each call, does not depend on what ran before.
 */
final class SteadyOverhead {

    /** Alternating slices per candidate in a round. */
    private static final int SLICES = 10;

    /** One round of one candidate in one fork: sums over its slices. */
    record Round(double cpuMs, double noJitMs, double wallMs) { }

    /** What the forks measured: per candidate its rounds (all forks, in order), the probe per round, the last answer. */
    record Result(Map<String, List<Round>> rounds, List<Double> probes, String answer, int forks, int perFork) { }

    private SteadyOverhead() { }

    /**
     * Runs {@code forks} JVMs, each {@code warmup} round trips per candidate then {@code rounds} rounds of {@value #SLICES}
     * alternating slices, {@code calls} round trips per candidate in all.
     */
    static Result measureAll(String simBaseUrl, List<String> candidates, int forks, int rounds, int warmup, int calls)
            throws IOException, InterruptedException {
        Map<String, List<Round>> all = new LinkedHashMap<>();
        List<Double> probes = new ArrayList<>();
        String answer = null;
        int perSlice = Math.max(1, calls / forks / rounds / SLICES);
        for (int f = 0; f < forks; f++) {
            List<String> order = new ArrayList<>(candidates);
            if (f % 2 == 1) Collections.reverse(order); // who goes first in a slice alternates between forks too
            List<String> cmd = ForkedJvm.javaWithFixedHeap();
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SteadyOverhead.class.getName(), simBaseUrl,
                    String.join(",", order), String.valueOf(warmup), String.valueOf(rounds), String.valueOf(perSlice)));
            String out = ForkedJvm.run(cmd, 600, "a steady-state overhead fork");
            int seen = 0;
            for (String line : out.lines().toList()) {
                String[] w = line.split(" ");
                switch (w[0]) {
                    case "round" -> {
                        all.computeIfAbsent(w[1], k -> new ArrayList<>()).add(new Round(Double.parseDouble(w[2]),
                                Double.parseDouble(w[3]), Double.parseDouble(w[4])));
                        seen++;
                    }
                    case "probe" -> probes.add(Double.parseDouble(w[1]));
                    case "answer" -> answer = line.substring("answer ".length());
                    default -> { } // the JVM's own warnings, if any
                }
            }
            if (seen != rounds * candidates.size()) throw new IOException("a steady-state overhead fork printed " + seen + " rounds: " + out);
        }
        return new Result(all, probes, answer, forks, perSlice * SLICES * rounds);
    }

    /**
     * In the fork: {@code <simulator base URL> <candidates, comma-separated> <warm-up> <rounds> <round trips per slice>};
     * prints "round <candidate> <cpu ms> <cpu without JIT ms> <wall ms>" per round trip of each round, "probe <ms>" per
     * round and "answer <text>".
     */
    public static void main(String[] args) throws Exception {
        String sim = args[0];
        List<String> names = List.of(args[1].split(","));
        int warmup = Integer.parseInt(args[2]), rounds = Integer.parseInt(args[3]), perSlice = Integer.parseInt(args[4]);
        List<Message> history = OverheadBench.history(200);
        ChatRequest req = OverheadBench.request(history);
        ModelInterceptor.CallContext context = OverheadBench.callContext();
        Map<String, Callable<String>> calls = new LinkedHashMap<>();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (String name : names) {
                if (name.equals(BenchClient.FLOOR)) {
                    FloorClient floor = new FloorClient(sim + "/v1", "bench");
                    open.add(floor);
                    Map<String, Object> body = FloorClient.body(req.model(), FloorClient.messages(history), floor.tools(req.tools()),
                            req.cacheKey(), true);
                    calls.put(name, () -> floor.call(body).text());
                } else {
                    Rig rig = new Rig(sim, 64, name);
                    open.add(rig);
                    calls.put(name, () -> rig.gateway.call(req, context).message().text());
                }
            }
            String last = null;
            for (Callable<String> c : calls.values()) for (int i = 0; i < warmup; i++) last = c.call();
            CoreSpeed speed = new CoreSpeed();
            for (int r = 0; r < rounds; r++) {
                // each round: SLICES short slices per candidate, alternating A B C, C B A, ...: every candidate's CPU is summed
                // over the same stretch of time, so the VM's speed changes (seconds to tens of seconds) fall on all of them
                Map<String, long[]> sums = new LinkedHashMap<>(); // cpu ns, compiler ns, wall ns
                for (String t : names) sums.put(t, new long[3]);
                System.gc();
                double probe0 = speed.probeMillis();
                for (int slice = 0; slice < SLICES; slice++) {
                    List<String> order = new ArrayList<>(names);
                    if ((r * SLICES + slice) % 2 == 1) Collections.reverse(order);
                    for (String t : order) {
                        Callable<String> c = calls.get(t);
                        TaskCpu.Snapshot cpu0 = TaskCpu.now();
                        long t0 = System.nanoTime();
                        for (int i = 0; i < perSlice; i++) last = c.call();
                        long wallNanos = System.nanoTime() - t0;
                        TaskCpu.Snapshot cpu1 = TaskCpu.now();
                        long[] sum = sums.get(t);
                        sum[0] += cpu1.nanosSince(cpu0, false);
                        sum[1] += cpu1.nanosSince(cpu0, true);
                        sum[2] += wallNanos;
                    }
                }
                System.out.printf(Locale.ROOT, "probe %.3f%n", (probe0 + speed.probeMillis()) / 2);
                int n = perSlice * SLICES;
                sums.forEach((t, sum) -> System.out.printf(Locale.ROOT, "round %s %.6f %.6f %.6f%n", t, sum[0] / 1e6 / n,
                        (sum[0] - sum[1]) / 1e6 / n, sum[2] / 1e6 / n));
            }
            System.out.println("answer " + (last == null ? "-" : last.replace('\n', ' ')));
        } finally {
            for (AutoCloseable c : open) c.close();
        }
    }
}
