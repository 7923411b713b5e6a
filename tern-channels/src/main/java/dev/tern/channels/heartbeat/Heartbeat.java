package dev.tern.channels.heartbeat;

import dev.tern.channels.Delivery;
import dev.tern.channels.Reply;
import dev.tern.channels.SendException;
import dev.tern.channels.TurnHandler;
import dev.tern.channels.TurnProgress;
import dev.tern.channels.TurnRequest;
import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every {@code interval}, looks at {@code <workspace>/HEARTBEAT.md}. When it holds actionable items
 * ({@link HeartbeatFile}) that changed since the last heartbeat turn that succeeded, runs one turn asking
 * the agent to act on them; otherwise it does nothing at all — no model call — so an idle heartbeat costs
 * a file stat and read. Recurring work belongs in cron jobs; the heartbeat acts on what is new in the file.
 * What it last acted on (a hash of the items) is kept in {@code <workspace>/.tern/heartbeat.json}, so a
 * restart does not repeat it. Driven by {@link #tick()}, like the cron scheduler.
 */
public final class Heartbeat {

    public static final String FILE = "HEARTBEAT.md";
    public static final String NOTHING_TO_DO = "HEARTBEAT_OK";
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    private final Path workspace;
    private final Duration interval;
    private final TurnHandler turns;
    private final Delivery delivery;
    private final String deliverTo;
    private final Clock clock;
    private final Path stateFile;
    private final AtomicBoolean busy = new AtomicBoolean();
    private Instant nextCheck;

    /** What a tick did. */
    public enum Outcome { NOT_DUE, BUSY, MISSING, EMPTY, UNCHANGED, RAN, FAILED }

    public record Result(Outcome outcome, String answer, String error) {
        static Result of(Outcome o) { return new Result(o, "", null); }
    }

    /**
     * @param deliverTo {@code <channel>:<chatId>} for the answers (the turn then runs in that chat's session), or null
     *                  (the turn runs in {@code heartbeat:main})
     */
    public Heartbeat(Path workspace, Duration interval, TurnHandler turns, Delivery delivery, String deliverTo, Clock clock) {
        this.workspace = workspace;
        this.interval = interval;
        this.turns = turns;
        this.delivery = delivery;
        this.deliverTo = deliverTo;
        this.clock = clock;
        this.stateFile = workspace.resolve(".tern").resolve("heartbeat.json");
        this.nextCheck = clock.instant().plus(interval);
    }

    /** When the next check is due. */
    public synchronized Instant nextWake() { return nextCheck; }

    /** Checks the file if a check is due; the future completes when the turn (if any) has finished. */
    public CompletableFuture<Result> tick() {
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(nextCheck)) return CompletableFuture.completedFuture(Result.of(Outcome.NOT_DUE));
            nextCheck = now.plus(interval);
        }
        return check();
    }

    /** Checks the file now. */
    public CompletableFuture<Result> check() {
        if (busy.get()) return CompletableFuture.completedFuture(Result.of(Outcome.BUSY));
        Path file = workspace.resolve(FILE);
        String content;
        try {
            if (!Files.isRegularFile(file)) return CompletableFuture.completedFuture(Result.of(Outcome.MISSING));
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new Result(Outcome.FAILED, "", "cannot read " + file + ": " + e.getMessage()));
        }
        String items = HeartbeatFile.actionable(content);
        if (items.isEmpty()) return CompletableFuture.completedFuture(Result.of(Outcome.EMPTY));
        String hash = sha256(items);
        if (hash.equals(lastHash())) return CompletableFuture.completedFuture(Result.of(Outcome.UNCHANGED));
        if (!busy.compareAndSet(false, true)) return CompletableFuture.completedFuture(Result.of(Outcome.BUSY));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(items, hash);
            } finally {
                busy.set(false);
            }
        }, r -> Thread.ofVirtual().name("heartbeat").start(r));
    }

    private Result run(String items, String hash) {
        String channel = deliverTo == null ? "heartbeat" : deliverTo.substring(0, deliverTo.indexOf(':'));
        String chat = deliverTo == null ? "main" : deliverTo.substring(deliverTo.indexOf(':') + 1);
        String prompt = "Heartbeat check. These items in " + FILE + " are open:\n\n" + items
                + "\n\nAct on what is due now. If nothing needs doing, answer only " + NOTHING_TO_DO + ".";
        Instant at = clock.instant();
        TurnRequest req = new TurnRequest(TurnRequest.Source.HEARTBEAT, channel, chat, "heartbeat", prompt,
                "heartbeat@" + at.toEpochMilli(), null, null, null, Map.of("heartbeat_hash", hash));
        Reply reply;
        try {
            reply = turns.turn(req, TurnProgress.NONE);
        } catch (RuntimeException e) {
            reply = Reply.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (reply == null || reply.failed()) {
            String why = reply == null ? "the turn handler returned nothing" : reply.error();
            LOG.warning("heartbeat turn failed (will retry at the next check): " + why);
            return new Result(Outcome.FAILED, "", why);
        }
        String answer = reply.text().strip();
        if (deliverTo != null && !answer.isEmpty() && !answer.equals(NOTHING_TO_DO)) {
            try {
                if (delivery == null) throw SendException.permanent("no channels are running", null);
                delivery.deliver(channel, chat, answer);
            } catch (SendException e) {
                return new Result(Outcome.FAILED, answer, "delivery to " + deliverTo + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(Outcome.FAILED, answer, "interrupted");
            }
        }
        try {
            saveHash(hash, at);
        } catch (UncheckedIOException e) {
            LOG.severe(e.getMessage());
            return new Result(Outcome.FAILED, answer, e.getMessage());
        }
        return new Result(Outcome.RAN, answer, null);
    }

    private String lastHash() {
        if (!Files.isRegularFile(stateFile)) return null;
        try {
            JsonNode n = Json.parse(Files.readString(stateFile, StandardCharsets.UTF_8));
            return n.path("lastHash").asString(null);
        } catch (IOException | RuntimeException e) {
            LOG.warning("cannot read " + stateFile + " (" + e.getMessage() + "); treating HEARTBEAT.md as changed");
            return null;
        }
    }

    private void saveHash(String hash, Instant at) {
        ObjectNode o = Json.object();
        o.put("lastHash", hash);
        o.put("lastRunAt", at.toString());
        try {
            AtomicFiles.write(stateFile, Json.write(o) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the heartbeat state to " + stateFile + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
