package dev.tern.bench;

import dev.tern.llm.ModelInterceptor;
import dev.tern.model.ChatRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * SPEC "overhead" before the JIT has warmed up: the whole-process CPU per model round trip of a fresh JVM, over the
 * round trips that follow its first {@value #WARMUP} (same 200-message history, same simulator), for Tern on a
 * transport or for the {@linkplain FloorClient floor}. Each sample is its own process ({@link #measure}), started
 * with the bench JVM's own flags and class path (the launcher's AOT cache and GC) plus any given, so the figure does
 * not depend on what the bench process ran before. This is the regime the reference figures describe (the
 * floor's 4.3 ms per call): most of the CPU is the JIT compiling the request path. Two windows show how that cost
 * amortises: the next {@value #MEASURED} round trips (the SPEC figure) and the next {@value #LONG}.
 *
 * <p>{@code -Dtern.bench.baseline=<another checkout>} adds that checkout's build (its {@code tern-cli/target/tern.jar}
 * and AOT cache, built with {@code ./tern build}) as one more variant in the same interleaved order: two builds A/B.
 */
final class EarlyOverhead {

    static final int WARMUP = 5;
    static final int MEASURED = 100;
    static final int LONG = 1000;

    /** CPU of the measured round trips, per round trip: the whole process's and its JIT compiler threads'. */
    record Sample(double cpuMs, double jitMs) { }

    /** The classes a fresh JVM runs: this build (the bench JVM's class path and flags) or another checkout's. */
    record Build(String classPath, String aotCache, boolean own) {
        static Build current() {
            return new Build(System.getProperty("java.class.path"), null, true);
        }

        /**
         * {@code root}'s launcher-built jar (the merged {@code tern-all.jar} when the launcher made one, as it runs it),
         * with its AOT cache when it is there and not older than the jar.
         */
        static Build of(Path root) {
            Path thin = root.resolve("tern-cli/target/tern.jar"), one = root.resolve("tern-cli/target/tern-all.jar");
            Path aot = root.resolve("tern-cli/target/tern.aot");
            if (!Files.isRegularFile(thin)) {
                throw new IllegalArgumentException("tern.bench.baseline: no " + thin + " (run ./tern build in " + root + ")");
            }
            Path jar = thin;
            try {
                if (Files.isRegularFile(one) && !Files.getLastModifiedTime(one).toInstant().isBefore(Files.getLastModifiedTime(thin).toInstant())) {
                    jar = one;
                }
            } catch (IOException e) {
                jar = thin;
            }
            boolean cache;
            try {
                cache = Files.isRegularFile(aot) && !Files.getLastModifiedTime(aot).toInstant()
                        .isBefore(Files.getLastModifiedTime(jar).toInstant());
            } catch (IOException e) {
                cache = false;
            }
            return new Build(jar.toString(), cache ? aot.toString() : null, false);
        }
    }

    /** One fresh-JVM figure: what runs (Tern on {@code transport}, or the floor), with which flags, over how many calls. */
    record Variant(String key, boolean floor, List<String> flags, int measured, Build build) { }

    private EarlyOverhead() { }

    /**
     * The variants, {@code samples} fresh JVMs each, interleaved (the order reversed every other sample): Tern with the
     * bench JVM's flags (C2, as serve runs) over {@value #MEASURED} and {@value #LONG} round trips, Tern with
     * C1 only (as run, chat and demo run), the floor over both windows, and the baseline build when one is given.
     */
    static Map<Variant, List<Sample>> measureAll(String simBaseUrl, String transport, boolean withFloor, int samples)
            throws IOException, InterruptedException {
        Build own = Build.current();
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("tiered", false, List.of(), MEASURED, own),
                new Variant("c1", false, List.of("-XX:TieredStopAtLevel=1"), MEASURED, own),
                new Variant("tiered-long", false, List.of(), LONG, own)));
        if (withFloor) {
            variants.add(new Variant("floor", true, List.of(), MEASURED, own));
            variants.add(new Variant("floor-long", true, List.of(), LONG, own));
        }
        String baseline = System.getProperty("tern.bench.baseline");
        if (baseline != null && !baseline.isBlank()) {
            Build other = Build.of(Path.of(baseline));
            variants.add(new Variant("baseline", false, List.of(), MEASURED, other));
            variants.add(new Variant("baseline-long", false, List.of(), LONG, other));
        }
        Map<Variant, List<Sample>> out = new LinkedHashMap<>();
        for (int i = 0; i < samples; i++) {
            List<Variant> order = new ArrayList<>(variants);
            if (i % 2 == 1) Collections.reverse(order);
            for (Variant v : order) {
                out.computeIfAbsent(v, k -> new ArrayList<>()).add(measure(simBaseUrl, v.floor() ? BenchClient.FLOOR : transport,
                        v.flags(), v.measured(), v.build()));
            }
        }
        return out;
    }

    /** The rows: SPEC's figure (C2 and C1), the floor and the ratio, the longer window, the baseline build. */
    static void rows(BenchReport.Builder b, String name, Map<Variant, List<Sample>> early) {
        Map<String, List<Sample>> by = new LinkedHashMap<>();
        early.forEach((v, s) -> by.put(v.key(), s));
        String when = " after " + WARMUP + " warm-up round trips (the next " + MEASURED + ", a fresh JVM each, JIT compilers included)";
        Spread e = Spread.of(cpu(by.get("tiered")));
        b.row(name + ": client process CPU per round trip" + when, e.format("%.2f", " ms"), "≤ 2.0 ms (SPEC, read as the next " + MEASURED + ")",
                e.median() <= 2.0);
        b.row(name + ": of that, the JIT compiler threads", Spread.of(jit(by.get("tiered"))).format("%.2f", " ms"));
        Spread c1 = Spread.of(cpu(by.get("c1")));
        b.row(name + ": the same with C1 only (the launcher's choice for tern run, chat and demo); of that, JIT",
                c1.format("%.2f", " ms") + "; " + Spread.of(jit(by.get("c1"))).format("%.2f", " ms"),
                "≤ 2.0 ms (SPEC, as tern run and tern chat run)", c1.median() <= 2.0);
        String longer = " over the next " + LONG + " round trips instead";
        // the yardstick: its floor measured 4.3 ms per call, which is what the floor measures in this window (over
        // the next 100 it measures about 3 times that), so this is the window of its "≤ 2.0 ms (half the floor's 4.3 ms)"
        Spread l = Spread.of(cpu(by.get("tiered-long")));
        b.row(name + ": the same" + longer, l.format("%.2f", " ms"), "≤ 2.0 ms (issue 14: half the floor's 4.3 ms, the floor's figure in this window)",
                l.median() <= 2.0);
        b.row(name + ": of that, the JIT compiler threads" + longer.replace(" instead", ""), Spread.of(jit(by.get("tiered-long"))).format("%.2f", " ms"));
        if (by.containsKey("floor")) {
            b.row(BenchClient.label(BenchClient.FLOOR) + ": client process CPU per round trip" + when,
                    Spread.of(cpu(by.get("floor"))).format("%.2f", " ms"));
            Spread r = Spread.ratios(cpu(by.get("tiered")), cpu(by.get("floor")));
            b.row(name + " / floor" + when.replace(", a fresh JVM each", "") + ", same round", r.format("%.2f", ""), "≤ 0.50",
                    r.median() <= 0.5);
            b.row(BenchClient.label(BenchClient.FLOOR) + ": the same" + longer, Spread.of(cpu(by.get("floor-long"))).format("%.2f", " ms"));
            b.row(name + " / floor" + longer + ", same round",
                    Spread.ratios(cpu(by.get("tiered-long")), cpu(by.get("floor-long"))).format("%.2f", ""));
        }
        if (by.containsKey("baseline")) {
            String base = "baseline build (" + System.getProperty("tern.bench.baseline") + ")";
            b.row(base + ": client process CPU per round trip, the next " + MEASURED + "; the next " + LONG,
                    Spread.of(cpu(by.get("baseline"))).format("%.2f", " ms") + "; "
                            + Spread.of(cpu(by.get("baseline-long"))).format("%.2f", " ms"));
            b.row("this build / baseline build: the next " + MEASURED + "; the next " + LONG + ", same round",
                    Spread.ratios(cpu(by.get("tiered")), cpu(by.get("baseline"))).format("%.2f", "") + "; "
                            + Spread.ratios(cpu(by.get("tiered-long")), cpu(by.get("baseline-long"))).format("%.2f", ""));
        }
    }

    private static List<Double> cpu(List<Sample> s) {
        return s.stream().map(Sample::cpuMs).toList();
    }

    private static List<Double> jit(List<Sample> s) {
        return s.stream().map(Sample::jitMs).toList();
    }

    /**
     * Runs one fresh JVM against the simulator at {@code simBaseUrl}.
     *
     * @param candidate a transport name or {@link BenchClient#FLOOR}
     * @param flags     JVM flags after the bench JVM's own (a later flag wins)
     */
    static Sample measure(String simBaseUrl, String candidate, List<String> flags, int measured, Build build)
            throws IOException, InterruptedException {
        // another build's JVM leaves this build's AOT cache out: that cache holds this build's classes
        List<String> cmd = ForkedJvm.javaWithFlags(a -> build.own() || !a.startsWith("-XX:AOTCache="));
        if (build.aotCache() != null) cmd.add("-XX:AOTCache=" + build.aotCache());
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", build.classPath(), EarlyOverhead.class.getName(), simBaseUrl, candidate, String.valueOf(measured)));
        String out = ForkedJvm.run(cmd, 120, "the early-overhead process");
        String[] last = out.lines().reduce((a, b) -> b).orElse("").split(" ");
        if (last.length != 2) throw new IOException("the early-overhead process printed no figures: " + out);
        return new Sample(Double.parseDouble(last[0]), Double.parseDouble(last[1]));
    }

    /**
     * In the fresh JVM: {@code <simulator base URL> <transport or "floor"> [round trips measured]}; prints "cpuMs jitMs"
     * per measured round trip.
     */
    public static void main(String[] args) throws Exception {
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : MEASURED;
        ChatRequest req = OverheadBench.request(OverheadBench.history(200));
        AutoCloseable client;
        Callable<?> call;
        if (args[1].equals(BenchClient.FLOOR)) {
            FloorClient floor = new FloorClient(args[0] + "/v1", "bench");
            Map<String, Object> body = FloorClient.body(req.model(), FloorClient.messages(req.messages()), floor.tools(req.tools()),
                    req.cacheKey(), true);
            client = floor;
            call = () -> floor.call(body);
        } else {
            Rig rig = new Rig(args[0], 64, args[1]);
            ModelInterceptor.CallContext context = OverheadBench.callContext();
            client = rig;
            call = () -> rig.gateway.call(req, context);
        }
        try (client) {
            for (int i = 0; i < WARMUP; i++) call.call();
            TaskCpu.Snapshot c0 = TaskCpu.now();
            java.time.Instant start = java.time.Instant.now();
            for (int i = 0; i < measured; i++) call.call();
            TaskCpu.Snapshot c1 = TaskCpu.now();
            if (Boolean.getBoolean("tern.bench.window")) { // the measured window in wall-clock time, to line up with a JFR recording
                System.out.println("window " + start + " " + java.time.Instant.now());
            }
            System.out.printf(java.util.Locale.ROOT, "%.4f %.4f%n", c1.nanosSince(c0, false) / 1e6 / measured,
                    c1.nanosSince(c0, true) / 1e6 / measured);
        }
    }
}
