package dev.tern.mcp;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open MCP client session and, for stdio servers, the server process. Every request runs on its
 * own virtual thread while the caller waits on a future, so when the server process exits, all
 * requests still waiting fail at once with the exit code, instead of each waiting for its timeout
 * (the SDK's stdio transport does not fail pending requests when the process dies).
 */
final class McpSession {

    private static final Logger LOG = Logger.getLogger(McpSession.class.getName());
    /**
     * The SDK's stdio transport keeps its process private. We read it only to watch for exit; if a
     * future SDK renames the field, requests to a dead server fall back to failing by timeout.
     */
    private static final VarHandle PROCESS = processHandle();

    /** Thrown to waiting requests when the session ended under them. */
    static final class LostException extends RuntimeException {
        LostException(String message) { super(message, null, false, false); }
    }

    final McpSyncClient client;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile String lost;
    private volatile Process process;

    McpSession(McpSyncClient client) { this.client = client; }

    /**
     * Starts watching the stdio server's process (found once the transport started it), or an HTTP
     * server's GET stream for the server forgetting the session: either ends the session.
     */
    void watch(McpClientTransport transport, Duration startTimeout, Consumer<McpSession> onLost) {
        if (transport instanceof StreamableHttpTransport http) {
            http.onSessionExpired(reason -> {
                if (lose(reason)) onLost.accept(this);
            });
            return;
        }
        if (!(transport instanceof StdioClientTransport) || PROCESS == null) return;
        Thread.ofVirtual().name("mcp-watch").start(() -> {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            Process p = null;
            while (p == null && lost == null && System.nanoTime() - deadline < 0) {
                p = (Process) PROCESS.getVolatile((StdioClientTransport) transport);
                if (p == null) sleep(10);
            }
            if (p == null) return;
            process = p;
            Process proc = p;
            p.onExit().thenRun(() -> {
                if (lose("the server process exited with code " + proc.exitValue())) onLost.accept(this);
            });
        });
    }

    /** Marks the session lost and fails every waiting request; false if it was already lost. */
    boolean lose(String reason) {
        synchronized (this) {
            if (lost != null) return false;
            lost = reason;
        }
        for (CompletableFuture<?> f : pending) f.completeExceptionally(new LostException(reason));
        return true;
    }

    /** Null while the session is usable, else why it ended. */
    String lost() { return lost; }

    boolean processAlive() {
        Process p = process;
        return p == null || p.isAlive();
    }

    /** Runs one request; fails fast if the session is or becomes lost. */
    <T> T request(Supplier<T> op) { return request(op, null); }

    /**
     * Runs one request within {@code timeout} (null: the SDK's own request timeout only); fails fast if
     * the session is or becomes lost. A timeout interrupts the request and throws with a
     * {@link java.util.concurrent.TimeoutException} as the cause.
     */
    <T> T request(Supplier<T> op, Duration timeout) {
        CompletableFuture<T> f = new CompletableFuture<>();
        pending.add(f);
        try {
            if (lost != null) throw new LostException(lost);
            Thread worker = Thread.ofVirtual().name("mcp-request").start(() -> {
                try {
                    f.complete(op.get());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            try {
                return timeout == null ? f.get() : f.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                worker.interrupt();
                throw new IllegalStateException("no answer within the timeout of " + timeout.toMillis() + " ms", e);
            } catch (InterruptedException e) {
                worker.interrupt();
                Thread.currentThread().interrupt();
                throw new LostException("interrupted while waiting for the MCP server");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        } finally {
            pending.remove(f);
        }
    }

    private static VarHandle processHandle() {
        try {
            return MethodHandles.privateLookupIn(StdioClientTransport.class, MethodHandles.lookup())
                    .findVarHandle(StdioClientTransport.class, "process", Process.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot watch MCP stdio server processes (SDK changed?); dead servers "
                    + "will be noticed by timeout: " + e);
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
