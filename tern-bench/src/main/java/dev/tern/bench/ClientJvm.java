package dev.tern.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A concurrency candidate's {@link ConcurrencyWorker} in its own JVM, kept for the whole run: the bench JVM's flags with a
 * fixed heap ({@link ForkedJvm#FIXED_HEAP}: the "heap ≤ 1 GiB" holds by construction), driven line by line over its
 * stdin and stdout.
 */
final class ClientJvm implements AutoCloseable {

    /** What one batch measured inside the client's JVM. */
    record Batch(long wallMs, int errors, long peakHeapBytes, long peakLiveBytes, long gcMillis, long cpuMs, long jitCpuMs,
                 String firstError) { }

    private final String candidate;
    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;
    private final String jvmNote;

    private ClientJvm(String candidate, Process process) throws IOException {
        this.candidate = candidate;
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.jvmNote = answer("jvm").substring("jvm ".length());
    }

    /**
     * Starts {@code candidate}'s JVM against the simulator at {@code simBaseUrl}, with the flags its clients need
     * ({@link SimProcess#clientFlags()}: the trust store of its certificate when it speaks TLS).
     */
    static ClientJvm start(String candidate, String simBaseUrl, List<String> simClientFlags) throws IOException {
        List<String> cmd = ForkedJvm.javaWithFixedHeap();
        cmd.addAll(simClientFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ConcurrencyWorker.class.getName(), candidate, simBaseUrl));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new ClientJvm(candidate, p);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** "client JVM: Java 25 ..., max heap 1024 MiB, flags ..." as the JVM itself reports it. */
    String jvmNote() { return jvmNote; }

    ProcessHandle handle() { return process.toHandle(); }

    /** Closes the previous client in that JVM, if any, and opens a fresh one (every connection new). */
    void openClient() throws IOException {
        in.println("open");
        answer("ok");
    }

    /**
     * Closes the client in that JVM, and with it its connections: with every candidate's last client kept open, the
     * simulator held 30 000 idle connections in the 10 000-task case and spent a batch's whole wall time collecting.
     */
    void closeClient() throws IOException {
        in.println("close");
        answer("ok");
    }

    /** Runs {@code tasks} agent runs at once on the open client and waits for all of them. */
    Batch batch(int tasks, boolean streaming) throws IOException {
        in.println("batch " + tasks + (streaming ? " s" : " b"));
        String[] w = answer("outcome").split(" ", 9);
        return new Batch(Long.parseLong(w[1]), Integer.parseInt(w[2]), Long.parseLong(w[3]), Long.parseLong(w[4]),
                Long.parseLong(w[5]), Long.parseLong(w[6]), Long.parseLong(w[7]), w[8].equals("-") ? null : w[8]);
    }

    /** The next line that starts with {@code word} (the JVM may print its own lines first). */
    private String answer(String word) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals(word) || line.startsWith(word + " ")) return line;
        }
        throw new IOException("the " + candidate + " client JVM exited (" + exitStatus() + ") before answering " + word
                + "; its messages are above");
    }

    private String exitStatus() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? "status " + process.exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        in.close(); // the worker exits at the end of its input
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
