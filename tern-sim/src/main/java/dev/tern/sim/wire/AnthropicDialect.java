package dev.tern.sim.wire;

import dev.tern.sim.ScriptedCall;
import dev.tern.sim.engine.RateLimiter;
import dev.tern.sim.engine.Reply;
import dev.tern.sim.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic Messages: {@code POST /v1/messages}. */
public final class AnthropicDialect implements Dialect {

    @Override
    public String name() { return "anthropic"; }

    @Override
    public WireError checkHeaders(HttpRequest request, String apiKey) {
        if (apiKey != null) {
            String key = request.header("x-api-key");
            if (key == null || key.isBlank())
                return new WireError(401, "authentication_error", "x-api-key header is required", null, null);
            if (!key.equals(apiKey)) return new WireError(401, "authentication_error", "invalid x-api-key", null, null);
        }
        if (request.header("anthropic-version") == null)
            return WireError.invalid("anthropic-version: header is required");
        return null;
    }

    @Override
    public ParsedChat parseBody(byte[] body) throws WireError { return AnthropicRequests.parse(body, true); }

    @Override
    public WireError contextExceeded(long input, Integer maxTokens, long window) {
        if (input > window) return WireError.invalid("prompt is too long: " + input + " tokens > " + window + " maximum");
        if (maxTokens != null && input + maxTokens > window)
            return WireError.invalid("input length and `max_tokens` exceed context limit: " + input + " + " + maxTokens
                    + " > " + window + ", decrease input length or `max_tokens` and try again");
        return null;
    }

    /** {@code POST /v1/messages/count_tokens}: the request's input tokens, no cache side effects. */
    public byte[] countTokens(HttpRequest request) throws WireError {
        ParsedChat chat = AnthropicRequests.parse(request.body(), false);
        return SimJson.bytes(SimJson.object().put("input_tokens", chat.inputTokens()));
    }

    @Override
    public byte[] error(WireError e, String requestId) {
        ObjectNode root = SimJson.object();
        root.put("type", "error");
        ObjectNode err = root.putObject("error");
        err.put("type", e.type());
        err.put("message", e.getMessage());
        if (requestId != null) root.put("request_id", requestId);
        return SimJson.bytes(root);
    }

    @Override
    public byte[] streamError(WireError e) {
        return ("event: error\ndata: " + new String(error(e, null), StandardCharsets.UTF_8) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public WireError statusError(int status) {
        return switch (status) {
            case 429 -> new WireError(429, "rate_limit_error", "Number of requests has exceeded your rate limit "
                    + "(simulated). Please try again later.", null, null);
            case 500 -> new WireError(500, "api_error", "Internal server error", null, null);
            case 529 -> new WireError(529, "overloaded_error", "Overloaded", null, null);
            default -> new WireError(status, status >= 500 ? "api_error" : "invalid_request_error",
                    "Simulated error " + status, null, null);
        };
    }

    @Override
    public WireError rateLimited(RateLimiter.Decision d) {
        return new WireError(429, "rate_limit_error", "This request would exceed your organization's rate limit of "
                + ("tokens".equals(d.exceeded()) ? d.tokensLimit() + " tokens" : d.requestsLimit() + " requests")
                + " per minute (simulated).", null, null);
    }

    @Override
    public void rateHeaders(RateLimiter.Decision d, Map<String, String> h) {
        String reset = Instant.ofEpochMilli(d.resetAtMs()).toString();
        if (d.requestsLimit() > 0) {
            h.put("anthropic-ratelimit-requests-limit", Long.toString(d.requestsLimit()));
            h.put("anthropic-ratelimit-requests-remaining", Long.toString(d.requestsRemaining()));
            h.put("anthropic-ratelimit-requests-reset", reset);
        }
        if (d.tokensLimit() > 0) {
            h.put("anthropic-ratelimit-tokens-limit", Long.toString(d.tokensLimit()));
            h.put("anthropic-ratelimit-tokens-remaining", Long.toString(d.tokensRemaining()));
            h.put("anthropic-ratelimit-tokens-reset", reset);
        }
    }

    @Override
    public String requestIdHeader() { return "request-id"; }

    /** Deterministic thinking signature, so echoed thinking blocks can be verified. */
    static String signature(String thinking) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("tern-sim-thinking\0" + thinking).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public byte[] full(Reply reply, Billing billing, ParsedChat chat, String id) {
        ObjectNode root = message(id, chat.model());
        var content = root.putArray("content");
        if (reply.thinking() != null) {
            ObjectNode t = content.addObject();
            t.put("type", "thinking");
            t.put("thinking", reply.thinking());
            t.put("signature", signature(reply.thinking()));
        }
        if (reply.text() != null) {
            ObjectNode t = content.addObject();
            t.put("type", "text");
            t.put("text", reply.text());
        }
        for (int i = 0; i < reply.calls().size(); i++) {
            ScriptedCall c = reply.calls().get(i);
            ObjectNode t = content.addObject();
            t.put("type", "tool_use");
            t.put("id", toolUseId(id, i));
            t.put("name", c.name());
            JsonNode input = SimJson.tryParse(c.arguments().getBytes(StandardCharsets.UTF_8));
            if (input != null && input.isObject()) t.set("input", input);
            else t.put("input", c.arguments()); // malformed on purpose: surfaces as a non-object input
        }
        root.put("stop_reason", stopReason(reply));
        root.putNull("stop_sequence");
        root.set("usage", usage(billing, billing.output()));
        return SimJson.bytes(root);
    }

    @Override
    public List<Frame> stream(Reply reply, Billing billing, ParsedChat chat, String id) {
        List<Frame> frames = new ArrayList<>();
        ObjectNode start = SimJson.object();
        start.put("type", "message_start");
        ObjectNode msg = message(id, chat.model());
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        msg.set("usage", usage(billing, 1));
        start.set("message", msg);
        frames.add(new Frame(SimJson.sseEvent("message_start", start), 0));
        int index = 0;
        if (reply.thinking() != null) {
            ObjectNode block = SimJson.object();
            block.put("type", "thinking");
            block.put("thinking", "");
            frames.add(blockStart(index, block));
            for (String piece : SimJson.textPieces(reply.thinking()))
                frames.add(delta(index, "thinking_delta", "thinking", piece, true));
            frames.add(delta(index, "signature_delta", "signature", signature(reply.thinking()), false));
            frames.add(blockStop(index++));
        }
        if (reply.text() != null) {
            ObjectNode block = SimJson.object();
            block.put("type", "text");
            block.put("text", "");
            frames.add(blockStart(index, block));
            for (String piece : SimJson.textPieces(reply.text())) frames.add(delta(index, "text_delta", "text", piece, true));
            frames.add(blockStop(index++));
        }
        for (int i = 0; i < reply.calls().size(); i++) {
            ScriptedCall c = reply.calls().get(i);
            ObjectNode block = SimJson.object();
            block.put("type", "tool_use");
            block.put("id", toolUseId(id, i));
            block.put("name", c.name());
            block.putObject("input");
            frames.add(blockStart(index, block));
            for (String piece : SimJson.split(c.arguments(), 3))
                frames.add(delta(index, "input_json_delta", "partial_json", piece, true));
            frames.add(blockStop(index++));
        }
        ObjectNode md = SimJson.object();
        md.put("type", "message_delta");
        ObjectNode d = md.putObject("delta");
        d.put("stop_reason", stopReason(reply));
        d.putNull("stop_sequence");
        md.set("usage", usage(billing, billing.output()));
        frames.add(new Frame(SimJson.sseEvent("message_delta", md), 0));
        frames.add(new Frame(SimJson.sseEvent("message_stop", SimJson.object().put("type", "message_stop")), 0));
        return frames;
    }

    private static String stopReason(Reply r) {
        return r.truncated() ? "max_tokens" : r.calls().isEmpty() ? "end_turn" : "tool_use";
    }

    private static String toolUseId(String messageId, int i) {
        return "toolu_" + messageId.substring(4) + "_" + i;
    }

    private static ObjectNode message(String id, String model) {
        ObjectNode m = SimJson.object();
        m.put("id", id);
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", model);
        return m;
    }

    private static final byte[] PING = "event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.UTF_8);

    /** The block's start event; the first block is followed by a {@code ping} like the real stream. */
    private static Frame blockStart(int index, ObjectNode block) {
        ObjectNode e = SimJson.object();
        e.put("type", "content_block_start");
        e.put("index", index);
        e.set("content_block", block);
        byte[] start = SimJson.sseEvent("content_block_start", e);
        if (index > 0) return new Frame(start, 0);
        byte[] both = new byte[start.length + PING.length];
        System.arraycopy(start, 0, both, 0, start.length);
        System.arraycopy(PING, 0, both, start.length, PING.length);
        return new Frame(both, 0);
    }

    private static Frame delta(int index, String type, String field, String value, boolean countsTokens) {
        String json = "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"" + type + "\",\""
                + field + "\":" + SimJson.quote(value) + "}}";
        return new Frame(SimJson.sseEvent("content_block_delta", json), countsTokens ? Math.max(1, value.length() / 4) : 0);
    }

    private static Frame blockStop(int index) {
        ObjectNode e = SimJson.object();
        e.put("type", "content_block_stop");
        e.put("index", index);
        return new Frame(SimJson.sseEvent("content_block_stop", e), 0);
    }

    private static ObjectNode usage(Billing b, long output) {
        ObjectNode u = SimJson.object();
        u.put("input_tokens", b.uncachedInput());
        u.put("cache_creation_input_tokens", b.cacheWrite());
        u.put("cache_read_input_tokens", b.cacheRead());
        u.put("output_tokens", output);
        return u;
    }
}
