package dev.tern.sim.wire;

import dev.tern.sim.ScriptedCall;
import dev.tern.sim.engine.RateLimiter;
import dev.tern.sim.engine.Reply;
import dev.tern.sim.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI Chat Completions: {@code POST /v1/chat/completions}. */
public final class OpenAiDialect implements Dialect {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() { return "openai"; }

    @Override
    public WireError checkHeaders(HttpRequest request, String apiKey) {
        if (apiKey == null) return null;
        String auth = request.header("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7))
            return new WireError(401, "invalid_request_error", "You didn't provide an API key. You need to provide your "
                    + "API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null, null);
        String key = auth.substring(7).trim();
        if (!key.equals(apiKey))
            return new WireError(401, "invalid_request_error", "Incorrect API key provided: " + mask(key) + ".",
                    null, "invalid_api_key");
        return null;
    }

    private static String mask(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 3) + "*".repeat(4) + key.substring(key.length() - 4);
    }

    @Override
    public ParsedChat parseBody(byte[] body) throws WireError { return OpenAiRequests.parse(body); }

    @Override
    public WireError contextExceeded(long input, Integer maxTokens, long window) {
        if (input > window)
            return new WireError(400, "invalid_request_error", "This model's maximum context length is " + window
                    + " tokens. However, your messages resulted in " + input + " tokens. Please reduce the length of "
                    + "the messages.", "messages", "context_length_exceeded");
        if (maxTokens != null && input + maxTokens > window)
            return new WireError(400, "invalid_request_error", "This model's maximum context length is " + window
                    + " tokens. However, you requested " + (input + maxTokens) + " tokens (" + input + " in the messages, "
                    + maxTokens + " in the completion). Please reduce the length of the messages or completion.",
                    "messages", "context_length_exceeded");
        return null;
    }

    @Override
    public byte[] error(WireError e, String requestId) {
        ObjectNode root = SimJson.object();
        ObjectNode err = root.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.type());
        err.put("param", e.param());
        err.put("code", e.code());
        return SimJson.bytes(root);
    }

    @Override
    public byte[] streamError(WireError e) {
        byte[] body = error(e, null);
        byte[] out = new byte[body.length + 8];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 6);
        System.arraycopy(body, 0, out, 6, body.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    @Override
    public WireError statusError(int status) {
        return switch (status) {
            case 429 -> new WireError(429, "requests", "Rate limit reached (simulated). Please try again later.",
                    null, "rate_limit_exceeded");
            case 500 -> new WireError(500, "server_error", "The server had an error while processing your request. "
                    + "Sorry about that!", null, null);
            case 503 -> new WireError(503, "server_error", "The server is overloaded or not ready yet.", null, null);
            default -> new WireError(status, status >= 500 ? "server_error" : "invalid_request_error",
                    "Simulated error " + status + ".", null, null);
        };
    }

    @Override
    public WireError rateLimited(RateLimiter.Decision d) {
        return new WireError(429, d.exceeded(), "Rate limit reached for sim in organization org-sim on " + d.exceeded()
                + " per min (RPM): Limit " + ("tokens".equals(d.exceeded()) ? d.tokensLimit() : d.requestsLimit())
                + ". Please try again in " + duration(d.resetMs()) + ".", null, "rate_limit_exceeded");
    }

    @Override
    public void rateHeaders(RateLimiter.Decision d, Map<String, String> h) {
        if (d.requestsLimit() > 0) {
            h.put("x-ratelimit-limit-requests", Long.toString(d.requestsLimit()));
            h.put("x-ratelimit-remaining-requests", Long.toString(d.requestsRemaining()));
            h.put("x-ratelimit-reset-requests", duration(d.resetMs()));
        }
        if (d.tokensLimit() > 0) {
            h.put("x-ratelimit-limit-tokens", Long.toString(d.tokensLimit()));
            h.put("x-ratelimit-remaining-tokens", Long.toString(d.tokensRemaining()));
            h.put("x-ratelimit-reset-tokens", duration(d.resetMs()));
        }
    }

    /** OpenAI's reset format: "20ms", "1.5s", "6m0s". */
    static String duration(long ms) {
        if (ms < 1000) return ms + "ms";
        long minutes = ms / 60_000;
        double seconds = (ms % 60_000) / 1000.0;
        String s = seconds == Math.floor(seconds) ? Long.toString((long) seconds) : String.valueOf(seconds);
        return (minutes > 0 ? minutes + "m" : "") + s + "s";
    }

    @Override
    public String requestIdHeader() { return "x-request-id"; }

    @Override
    public byte[] full(Reply reply, Billing billing, ParsedChat chat, String id) {
        ObjectNode root = head(id, chat.model(), "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", reply.text());
        msg.putNull("refusal");
        if (!reply.calls().isEmpty()) {
            ArrayNode calls = msg.putArray("tool_calls");
            for (int i = 0; i < reply.calls().size(); i++) {
                ScriptedCall c = reply.calls().get(i);
                ObjectNode tc = calls.addObject();
                tc.put("id", callId(id, i));
                tc.put("type", "function");
                ObjectNode fn = tc.putObject("function");
                fn.put("name", c.name());
                fn.put("arguments", c.arguments());
            }
        }
        msg.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(reply));
        root.set("usage", usage(billing));
        root.put("service_tier", "default");
        root.put("system_fingerprint", "fp_tern_sim");
        return SimJson.bytes(root);
    }

    @Override
    public List<Frame> stream(Reply reply, Billing billing, ParsedChat chat, String id) {
        List<Frame> frames = new ArrayList<>();
        boolean withUsage = chat.includeUsage();
        ObjectNode first = delta(id, chat.model(), withUsage);
        ObjectNode d0 = deltaOf(first);
        d0.put("role", "assistant");
        if (reply.text() != null) d0.put("content", "");
        else d0.putNull("content");
        d0.putNull("refusal");
        frames.add(new Frame(SimJson.sseData(first), 0));
        // the many small deltas are built as text around a fixed prefix/suffix (the hot path)
        String prefix = "{\"id\":" + SimJson.quote(id) + ",\"object\":\"chat.completion.chunk\",\"created\":"
                + first.get("created").asLong() + ",\"model\":" + SimJson.quote(chat.model())
                + ",\"system_fingerprint\":\"fp_tern_sim\",\"choices\":[{\"index\":0,\"delta\":";
        String suffix = ",\"logprobs\":null,\"finish_reason\":null}]" + (withUsage ? ",\"usage\":null}" : "}");
        if (reply.text() != null) {
            for (String piece : SimJson.textPieces(reply.text()))
                frames.add(new Frame(SimJson.sseData(prefix + "{\"content\":" + SimJson.quote(piece) + "}" + suffix),
                        Math.max(1, piece.length() / 4)));
        }
        for (int i = 0; i < reply.calls().size(); i++) {
            ScriptedCall c = reply.calls().get(i);
            ObjectNode start = delta(id, chat.model(), withUsage);
            ObjectNode tc = deltaOf(start).putArray("tool_calls").addObject();
            tc.put("index", i);
            tc.put("id", callId(id, i));
            tc.put("type", "function");
            ObjectNode fn = tc.putObject("function");
            fn.put("name", c.name());
            fn.put("arguments", "");
            frames.add(new Frame(SimJson.sseData(start), 1));
            for (String piece : SimJson.split(c.arguments(), 3))
                frames.add(new Frame(SimJson.sseData(prefix + "{\"tool_calls\":[{\"index\":" + i
                        + ",\"function\":{\"arguments\":" + SimJson.quote(piece) + "}}]}" + suffix),
                        Math.max(1, piece.length() / 4)));
        }
        ObjectNode last = delta(id, chat.model(), withUsage);
        choiceOf(last).put("finish_reason", finishReason(reply));
        frames.add(new Frame(SimJson.sseData(last), 0));
        if (withUsage) {
            ObjectNode u = head(id, chat.model(), "chat.completion.chunk");
            u.putArray("choices");
            u.set("usage", usage(billing));
            frames.add(new Frame(SimJson.sseData(u), 0));
        }
        frames.add(new Frame(DONE, 0));
        return frames;
    }

    private static String finishReason(Reply r) {
        return r.truncated() ? "length" : r.calls().isEmpty() ? "stop" : "tool_calls";
    }

    private static String callId(String responseId, int i) {
        return "call_" + responseId.substring(responseId.indexOf('-') + 1) + "_" + i;
    }

    private static ObjectNode head(String id, String model, String object) {
        ObjectNode root = SimJson.object();
        root.put("id", id);
        root.put("object", object);
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", model);
        return root;
    }

    private static ObjectNode delta(String id, String model, boolean withUsage) {
        ObjectNode root = head(id, model, "chat.completion.chunk");
        root.put("system_fingerprint", "fp_tern_sim");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (withUsage) root.putNull("usage");
        return root;
    }

    private static ObjectNode choiceOf(ObjectNode chunk) { return (ObjectNode) chunk.get("choices").get(0); }

    private static ObjectNode deltaOf(ObjectNode chunk) { return (ObjectNode) choiceOf(chunk).get("delta"); }

    private static ObjectNode usage(Billing b) {
        ObjectNode u = SimJson.object();
        u.put("prompt_tokens", b.inputTotal());
        u.put("completion_tokens", b.output());
        u.put("total_tokens", b.inputTotal() + b.output());
        ObjectNode pd = u.putObject("prompt_tokens_details");
        pd.put("cached_tokens", b.cacheRead());
        pd.put("audio_tokens", 0);
        ObjectNode cd = u.putObject("completion_tokens_details");
        cd.put("reasoning_tokens", b.reasoning());
        cd.put("audio_tokens", 0);
        cd.put("accepted_prediction_tokens", 0);
        cd.put("rejected_prediction_tokens", 0);
        return u;
    }
}
