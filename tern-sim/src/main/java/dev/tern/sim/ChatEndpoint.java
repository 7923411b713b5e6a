package dev.tern.sim;

import dev.tern.sim.batch.Answer;
import dev.tern.sim.engine.Conversation;
import dev.tern.sim.engine.FaultGate;
import dev.tern.sim.engine.Planner;
import dev.tern.sim.engine.PromptCache;
import dev.tern.sim.engine.RateLimiter;
import dev.tern.sim.engine.Reply;
import dev.tern.sim.engine.ScenarioBook;
import dev.tern.sim.engine.StatsRecorder;
import dev.tern.sim.http.HttpRequest;
import dev.tern.sim.http.HttpResponse;
import dev.tern.sim.log.RequestLog;
import dev.tern.sim.wire.AnthropicDialect;
import dev.tern.sim.wire.Billing;
import dev.tern.sim.wire.Dialect;
import dev.tern.sim.wire.Frame;
import dev.tern.sim.wire.ParsedChat;
import dev.tern.sim.wire.WireError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One chat request, either API: auth → validation → model options, scenario and step → context window →
 * rate limit → faults → usage and prompt cache → answer (whole or streamed with the latency model).
 * Batch items go through the same engine ({@link #answerItem}).
 */
final class ChatEndpoint {

    static final String JSON = "application/json";
    static final String SSE = "text/event-stream; charset=utf-8";
    private static final byte[] GARBAGE = "<html><body>502 upstream garbage {\"not\": json".getBytes(StandardCharsets.UTF_8);

    private final SimConfig config;
    private final ScenarioBook book;
    private final Planner planner;
    private final PromptCache cache;
    private final RateLimiter limiter;
    private final FaultGate faults;
    private final StatsRecorder stats;
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix = Long.toString(System.nanoTime() & 0xffffffL, 36);
    private final ContextWindows windows;

    ChatEndpoint(SimConfig config, ScenarioBook book, PromptCache cache, RateLimiter limiter, FaultGate faults,
                 StatsRecorder stats) {
        this.config = config;
        this.windows = new ContextWindows(config);
        this.book = book;
        this.planner = new Planner(config.latency());
        this.cache = cache;
        this.limiter = limiter;
        this.faults = faults;
        this.stats = stats;
    }

    /** A chat request resolved to its scenario and answer, before anything is sent. */
    record Prepared(Scenario scenario, Reply reply) { }

    /** A new response id in the dialect's style ({@code chatcmpl-...} / {@code msg_...}). */
    String newId(Dialect dialect) {
        return (dialect.name().equals("openai") ? "chatcmpl-" : "msg_") + idPrefix + Long.toString(ids.incrementAndGet(), 36);
    }

    static String requestId(String id) { return "req_" + id.substring(id.startsWith("msg_") ? 4 : 9); }

    void handle(Dialect dialect, HttpRequest req, HttpResponse resp, RequestLog.Draft draft)
            throws IOException, InterruptedException {
        String id = newId(dialect);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(dialect.requestIdHeader(), requestId(id));
        WireError denied = dialect.checkHeaders(req, config.apiKey());
        if (denied != null) {
            error(dialect, resp, headers, denied);
            return;
        }
        ParsedChat chat;
        Prepared prepared;
        try {
            chat = dialect.parse(req);
            if (draft != null) draft.chat(chat.model(), chat.system(), chat.turns(), chat.inputTokens());
            prepared = prepare(dialect, chat, req.header("x-sim-scenario"));
        } catch (WireError e) {
            error(dialect, resp, headers, e);
            return;
        }
        Reply reply = prepared.reply();
        stats.scenario(reply.scenario());
        if (draft != null) draft.scenario(reply.scenario());
        if (limiter != null) {
            RateLimiter.Decision d = limiter.acquire(chat.inputTokens() + reply.outputTokens());
            dialect.rateHeaders(d, headers);
            if (!d.allowed()) {
                stats.fault("rate_limit");
                headers.put("retry-after", Long.toString(Math.max(1, (d.resetMs() + 999) / 1000)));
                headers.put("retry-after-ms", Long.toString(d.resetMs()));
                error(dialect, resp, headers, dialect.rateLimited(d));
                return;
            }
        }
        Fault fault = faults.serverWide();
        if (fault == null && faults.fires(reply.fault(), reply.faultKey())) fault = reply.fault();
        if (fault != null) {
            stats.fault(fault.type().wireName());
            switch (fault.type()) {
                case STATUS -> {
                    if (chat.stream() && fault.afterTokens() > 0) break; // error event mid-stream, below
                    retryHeaders(fault, headers);
                    error(dialect, resp, headers, dialect.statusError(fault.status()));
                    return;
                }
                case RESET -> {
                    if (fault.afterTokens() <= 0) {
                        resp.reset();
                        return;
                    }
                }
                case SLOW_HEADERS -> {
                    sleep(fault.ms());
                    fault = null;
                }
                case GARBAGE -> {
                    sleep(reply.latency().ttftMs());
                    garbage(chat.stream(), resp, headers);
                    return;
                }
                case STALL -> { /* strikes mid-body below */ }
            }
        }
        Billing billing = bill(chat, reply);
        if (chat.stream()) stream(dialect, dialect.stream(reply, billing, chat, id), reply, fault, resp, headers);
        else whole(dialect.full(reply, billing, chat, id), reply, fault, resp, headers);
    }

    /**
     * Model options, scenario selection, context window and the planned answer.
     *
     * @param headerScenario value of {@code X-Sim-Scenario}, nullable
     */
    Prepared prepare(Dialect dialect, ParsedChat chat, String headerScenario) throws WireError {
        ModelSpec spec;
        Scenario scenario;
        Conversation conv = Conversation.of(chat.turns());
        try {
            spec = ModelSpec.parse(chat.model());
            scenario = book.select(headerScenario, spec, conv.firstUserText());
        } catch (IllegalArgumentException e) {
            throw new WireError(400, "invalid_request_error", e.getMessage(), "model", null);
        }
        long window = windows.of(spec, scenario);
        if (window > 0) {
            WireError tooLong = dialect.contextExceeded(chat.inputTokens(), chat.maxTokens(), window);
            if (tooLong != null) throw tooLong;
        }
        return new Prepared(scenario, planner.plan(scenario, conv, spec).limitedTo(chat.maxTokens()));
    }

    /**
     * One batch item through the same engine: validation, scenario, context window, step faults (a status
     * fault answers its error; reset and garbage a 500), usage and prompt cache. No latency, rate limit or
     * server-wide faults.
     */
    Answer answerItem(Dialect dialect, byte[] body, RequestLog.Draft draft) {
        String id = newId(dialect);
        try {
            ParsedChat chat = dialect.parseBody(body);
            if (draft != null) draft.chat(chat.model(), chat.system(), chat.turns(), chat.inputTokens());
            Reply reply = prepare(dialect, chat, null).reply();
            stats.scenario(reply.scenario());
            if (draft != null) draft.scenario(reply.scenario());
            if (faults.fires(reply.fault(), reply.faultKey())) {
                Fault f = reply.fault();
                stats.fault(f.type().wireName());
                if (f.type() == Fault.Type.STATUS) throw dialect.statusError(f.status());
                if (f.type() == Fault.Type.RESET || f.type() == Fault.Type.GARBAGE) throw dialect.statusError(500);
            }
            Billing b = bill(chat, reply);
            return new Answer(200, dialect.full(reply, b, chat, id), requestId(id), b.inputTotal(), b.cacheRead(),
                    b.output(), b.reasoning());
        } catch (WireError e) {
            return Answer.error(e.status(), dialect.error(e, requestId(id)), requestId(id));
        }
    }

    /** A server error for a batch item that fails on purpose. */
    Answer failedItem(Dialect dialect, String message) {
        String rid = requestId(newId(dialect));
        WireError e = new WireError(500, dialect.name().equals("openai") ? "server_error" : "api_error", message, null, null);
        return Answer.error(500, dialect.error(e, rid), rid);
    }

    /** Prompt-cache accounting and usage counters of an answer about to be sent. */
    private Billing bill(ParsedChat chat, Reply reply) {
        PromptCache.Result acct = chat.accounting().apply(cache);
        Billing billing = new Billing(acct.total(), acct.read(), acct.written(), reply.outputTokens(), reply.thinkingTokens());
        stats.usage(billing.uncachedInput(), billing.output(), billing.cacheRead(), billing.cacheWrite(), reply.calls().size());
        return billing;
    }

    /** Anthropic {@code count_tokens}: same headers and validation as messages, answers the input tokens. */
    void countTokens(AnthropicDialect dialect, HttpRequest req, HttpResponse resp) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(dialect.requestIdHeader(), "req_count_" + Long.toString(ids.incrementAndGet(), 36));
        WireError denied = dialect.checkHeaders(req, config.apiKey());
        try {
            if (denied != null) throw denied;
            resp.send(200, headers, JSON, dialect.countTokens(req));
        } catch (WireError e) {
            error(dialect, resp, headers, e);
        }
    }

    private void stream(Dialect dialect, List<Frame> frames, Reply reply, Fault midBody, HttpResponse resp,
                        Map<String, String> headers)
            throws IOException, InterruptedException {
        int n = frames.size();
        int[] weights = new int[n];
        int total = 0;
        int lastWeighted = -1;
        for (int i = 0; i < n; i++) {
            weights[i] = frames.get(i).tokens();
            total += weights[i];
            if (weights[i] > 0) lastWeighted = i;
        }
        if (lastWeighted >= 0 && reply.outputTokens() > total) {
            weights[lastWeighted] += reply.outputTokens() - total;
            total = reply.outputTokens();
        }
        int firstWeighted = 0;
        while (firstWeighted < n - 1 && weights[firstWeighted] == 0) firstWeighted++;
        int faultAt = midBody == null ? Integer.MAX_VALUE : Math.min(midBody.afterTokens(), total);
        headers.put("cache-control", "no-cache");
        stats.stream();
        resp.head(200, headers, SSE, -1);
        resp.flush();
        long sent = 0;
        boolean stalled = false;
        long ttft = reply.latency().ttftMs();
        long perToken = reply.latency().tokenMs();
        for (int i = 0; i < n; i++) {
            if (sent >= faultAt && !stalled) {
                if (midBody.type() == Fault.Type.RESET) {
                    resp.reset();
                    return;
                }
                if (midBody.type() == Fault.Type.STATUS) {
                    resp.chunk(dialect.streamError(dialect.statusError(midBody.status())));
                    resp.endChunked();
                    return;
                }
                resp.flush();
                sleep(midBody.ms());
                stalled = true;
            }
            long delay = (i == firstWeighted ? ttft : 0) + perToken * weights[i];
            if (delay > 0) {
                resp.flush();
                sleep(delay);
            }
            resp.chunk(frames.get(i).bytes());
            sent += weights[i];
        }
        resp.endChunked();
    }

    private void whole(byte[] body, Reply reply, Fault midBody, HttpResponse resp, Map<String, String> headers)
            throws IOException, InterruptedException {
        sleep(reply.latency().totalMs(reply.outputTokens()));
        if (midBody == null) {
            resp.send(200, headers, JSON, body);
            return;
        }
        int cut = (int) Math.min(body.length - 1L, midBody.afterTokens() * 4L);
        resp.head(200, headers, JSON, body.length);
        resp.raw(body, 0, cut);
        resp.flush();
        if (midBody.type() == Fault.Type.RESET) {
            resp.reset();
            return;
        }
        sleep(midBody.ms());
        resp.raw(body, cut, body.length - cut);
        resp.flush();
    }

    private void garbage(boolean stream, HttpResponse resp, Map<String, String> headers) throws IOException {
        if (!stream) {
            resp.send(200, headers, JSON, GARBAGE);
            return;
        }
        stats.stream();
        resp.head(200, headers, SSE, -1);
        byte[] line = ("data: " + new String(GARBAGE, StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8);
        resp.chunk(line);
        resp.endChunked();
    }

    private static void retryHeaders(Fault f, Map<String, String> headers) {
        if (f.retryAfter() != null) {
            if (f.retryAfterDate()) {
                long secs = (long) Math.ceil(Double.parseDouble(f.retryAfter()));
                headers.put("retry-after", DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(secs)));
            } else headers.put("retry-after", f.retryAfter());
        }
        if (f.retryAfterMs() >= 0) headers.put("retry-after-ms", Long.toString(f.retryAfterMs()));
        if (f.status() == 529 || f.status() >= 500) headers.put("x-should-retry", "true");
    }

    private void error(Dialect dialect, HttpResponse resp, Map<String, String> headers, WireError e) throws IOException {
        resp.send(e.status(), headers, JSON, dialect.error(e, headers.get(dialect.requestIdHeader())));
    }

    private static void sleep(long ms) throws InterruptedException {
        if (ms > 0) Thread.sleep(ms);
    }
}
