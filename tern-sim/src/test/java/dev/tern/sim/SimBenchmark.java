package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the simulator itself. Off by default; run with
 * {@code mvn -pl tern-sim -am test -Dtest=SimBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dsim.bench=true}
 * (surefire passes {@code -Dsim.bench} through {@code argLine}-free system properties).
 */
@EnabledIfSystemProperty(named = "sim.bench", matches = "true")
class SimBenchmark {

    static final int CLIENTS = Integer.getInteger("sim.bench.clients", 64);
    static final int SECONDS = Integer.getInteger("sim.bench.seconds", 10);
    static final int STREAMS = Integer.getInteger("sim.bench.streams", 1000);

    @Test
    void nonStreamingRequestsPerSecondAtZeroLatency() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.defaults());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            byte[] req = RawHttp.post("/v1/chat/completions",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}").getBytes(StandardCharsets.UTF_8);
            run(server, pool, req, 2); // warm-up
            server.resetStats();
            long[] lat = run(server, pool, req, SECONDS);
            double rps = lat.length / (double) SECONDS;
            System.out.printf("SIMBENCH non-streaming: clients=%d requests=%d rps=%.0f p50=%.3fms p99=%.3fms p999=%.3fms%n",
                    CLIENTS, lat.length, rps, pct(lat, 50), pct(lat, 99), pct(lat, 99.9));
            assertThat(server.stats().status(200)).isEqualTo(lat.length);
        }
    }

    @Test
    void streamingRequestsPerSecondAtZeroLatency() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.defaults());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            byte[] req = RawHttp.post("/v1/chat/completions", "{\"model\":\"m\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"a short question for a short streamed answer\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            run(server, pool, req, 2);
            long[] lat = run(server, pool, req, SECONDS);
            System.out.printf("SIMBENCH streaming: clients=%d requests=%d rps=%.0f p50=%.3fms p99=%.3fms%n",
                    CLIENTS, lat.length, lat.length / (double) SECONDS, pct(lat, 50), pct(lat, 99));
        }
    }

    private static long[] run(SimServer server, ExecutorService pool, byte[] req, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> fs = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            fs.add(pool.submit(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try (Conn conn = new Conn(server.port())) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        conn.exchange(req);
                        if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                        mine[n++] = System.nanoTime() - t0;
                    }
                }
                return Arrays.copyOf(mine, n);
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> f : fs) {
            long[] part = f.get();
            long[] merged = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, merged, all.length, part.length);
            all = merged;
        }
        Arrays.sort(all);
        return all;
    }

    @Test
    void thousandConcurrentStreamsWith300msLatency() throws Exception {
        Scenario s = Scenario.of("s300", Step.text("a short streamed answer of a few tokens"))
                .withLatency(new Latency(300, 0));
        try (SimServer server = SimServer.start(SimConfig.builder().scenario(s).build());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            byte[] req = RawHttp.post("/v1/chat/completions", "{\"model\":\"sim:s300\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}").getBytes(StandardCharsets.UTF_8);
            for (int round = 0; round < 2; round++) {
                List<Conn> conns = new ArrayList<>();
                for (int i = 0; i < STREAMS; i++) conns.add(new Conn(server.port()));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> fs = new ArrayList<>();
                for (Conn conn : conns) fs.add(pool.submit(() -> {
                    go.await();
                    long t0 = System.nanoTime();
                    conn.exchange(req);
                    return System.nanoTime() - t0;
                }));
                long t0 = System.nanoTime();
                go.countDown();
                long[] lat = new long[STREAMS];
                for (int i = 0; i < STREAMS; i++) lat[i] = fs.get(i).get();
                long wallMs = (System.nanoTime() - t0) / 1_000_000;
                Arrays.sort(lat);
                for (Conn c : conns) c.close();
                System.out.printf("SIMBENCH streaming round %d: streams=%d wall=%dms p50=%.1fms p99=%.1fms max=%.1fms maxInFlight=%d%n",
                        round, STREAMS, wallMs, pct(lat, 50), pct(lat, 99), lat[lat.length - 1] / 1e6,
                        server.stats().maxInFlight());
            }
        }
    }

    /** 200-message history of about 107 KB, like the client-overhead benchmark of the spec. */
    static byte[] largeRequest() {
        var req = SimClient.JSON.createObjectNode();
        req.put("model", "m");
        var messages = req.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are helpful. ".repeat(60));
        for (int i = 0; i < 100; i++) {
            messages.addObject().put("role", "user").put("content", "question " + i + " " + "lorem ipsum dolor ".repeat(28));
            messages.addObject().put("role", "assistant").put("content", "answer " + i + " " + "sit amet consectetur ".repeat(24));
        }
        return RawHttp.post("/v1/chat/completions", req.toString()).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cpuPerLargeRequest() throws Exception {
        byte[] body = largeRequest();
        try (SimServer server = SimServer.start(SimConfig.defaults()); Conn conn = new Conn(server.port())) {
            for (int i = 0; i < 2000; i++) conn.exchange(body);
            for (int round = 0; round < 3; round++) {
                int n = 2000;
                long cpu0 = OS.getProcessCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) conn.exchange(body);
                long cpu = OS.getProcessCpuTime() - cpu0;
                long wall = System.nanoTime() - t0;
                System.out.printf("SIMBENCH large request (%d bytes): process cpu/request=%.3fms (client+server) wall/request=%.3fms%n",
                        body.length, cpu / 1e6 / n, wall / 1e6 / n);
            }
        }
    }

    /**
     * Process CPU (client + server) per sequential request on one keep-alive connection, median of 7
     * rounds: robust to other load on the machine, unlike req/s.
     */
    @Test
    void cpuPerRequest() throws Exception {
        byte[] large = largeRequest();
        byte[] small = RawHttp.post("/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}").getBytes(StandardCharsets.UTF_8);
        byte[] stream = RawHttp.post("/v1/chat/completions", "{\"model\":\"m\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a short question for a short streamed answer\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        int rounds = 7;
        double[] l = new double[rounds];
        double[] s = new double[rounds];
        double[] st = new double[rounds];
        try (SimServer server = SimServer.start(SimConfig.defaults()); Conn conn = new Conn(server.port())) {
            for (int i = 0; i < 3000; i++) conn.exchange(large);
            for (int i = 0; i < 20000; i++) {
                conn.exchange(small);
                conn.exchange(stream);
            }
            for (int r = 0; r < rounds; r++) {
                long c0 = OS.getProcessCpuTime();
                for (int i = 0; i < 2000; i++) conn.exchange(large);
                l[r] = (OS.getProcessCpuTime() - c0) / 1e6 / 2000;
                c0 = OS.getProcessCpuTime();
                for (int i = 0; i < 20000; i++) conn.exchange(small);
                s[r] = (OS.getProcessCpuTime() - c0) / 1e3 / 20000;
                c0 = OS.getProcessCpuTime();
                for (int i = 0; i < 20000; i++) conn.exchange(stream);
                st[r] = (OS.getProcessCpuTime() - c0) / 1e3 / 20000;
            }
        }
        Arrays.sort(l);
        Arrays.sort(s);
        Arrays.sort(st);
        System.out.printf("SIMBENCH cpu per request (client+server, median of %d): large=%.3fms small=%.1fus stream=%.1fus%n",
                rounds, l[rounds / 2], s[rounds / 2], st[rounds / 2]);
    }

    /** The request log's cost: sequential requests with the default log, a log keeping large bodies, and none. */
    @Test
    void requestLogCost() throws Exception {
        byte[] large = largeRequest();
        byte[] small = RawHttp.post("/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}").getBytes(StandardCharsets.UTF_8);
        String[] names = {"default", "keep-large", "off"};
        SimConfig[] configs = {SimConfig.defaults(), SimConfig.builder().requestLog(256, 64 * 1024).build(),
                SimConfig.builder().requestLog(0, 0).build()};
        List<List<double[]>> samples = new ArrayList<>();
        for (int k = 0; k < configs.length; k++) samples.add(new ArrayList<>());
        for (int round = 0; round < 5; round++) {
            for (int k = 0; k < configs.length; k++) {
                try (SimServer server = SimServer.start(configs[k]); Conn conn = new Conn(server.port())) {
                    for (int i = 0; i < 1000; i++) conn.exchange(large);
                    long cpu0 = OS.getProcessCpuTime();
                    for (int i = 0; i < 2000; i++) conn.exchange(large);
                    long cpuLarge = OS.getProcessCpuTime() - cpu0;
                    for (int i = 0; i < 5000; i++) conn.exchange(small);
                    cpu0 = OS.getProcessCpuTime();
                    for (int i = 0; i < 20000; i++) conn.exchange(small);
                    long cpuSmall = OS.getProcessCpuTime() - cpu0;
                    samples.get(k).add(new double[] {cpuLarge / 1e6 / 2000, cpuSmall / 1e3 / 20000});
                }
            }
        }
        for (int k = 0; k < configs.length; k++) {
            List<double[]> s = samples.get(k).subList(1, samples.get(k).size()); // round 0 warms up
            double[] l = s.stream().mapToDouble(x -> x[0]).sorted().toArray();
            double[] sm = s.stream().mapToDouble(x -> x[1]).sorted().toArray();
            System.out.printf("SIMBENCH request log %s: median process cpu/request large=%.3fms small=%.1fus%n",
                    names[k], l[l.length / 2], sm[sm.length / 2]);
        }
    }

    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** Keep-alive connection reading Content-Length or chunked responses. */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Conn(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        void exchange(byte[] req) throws IOException {
            out.write(req);
            out.flush();
            long len = -1;
            boolean chunked = false;
            String status = line();
            if (!status.startsWith("HTTP/1.1 200")) throw new IOException("unexpected " + status);
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-length:")) len = Long.parseLong(h.substring(15).trim());
                if (lower.startsWith("transfer-encoding:")) chunked = true;
            }
            if (!chunked) {
                in.skipNBytes(len);
                return;
            }
            while (true) {
                long size = Long.parseLong(line().trim(), 16);
                if (size == 0) {
                    line();
                    return;
                }
                in.skipNBytes(size);
                line();
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new IOException("eof");
                if (c != '\r') sb.append((char) c);
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException { socket.close(); }
    }
}
