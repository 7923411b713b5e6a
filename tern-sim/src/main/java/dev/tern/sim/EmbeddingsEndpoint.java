package dev.tern.sim;

import dev.tern.sim.batch.Answer;
import dev.tern.sim.embed.Embedder;
import dev.tern.sim.engine.StatsRecorder;
import dev.tern.sim.engine.Tokens;
import dev.tern.sim.http.HttpRequest;
import dev.tern.sim.http.HttpResponse;
import dev.tern.sim.log.RequestLog;
import dev.tern.sim.wire.OpenAiDialect;
import dev.tern.sim.wire.SimJson;
import dev.tern.sim.wire.WireError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI {@code POST /v1/embeddings} with deterministic vectors ({@link Embedder}). */
final class EmbeddingsEndpoint {

    static final int MAX_INPUTS = 2048;
    static final int MAX_DIMENSIONS = 65_536;

    private final SimConfig config;
    private final StatsRecorder stats;
    private final ContextWindows windows;
    private final OpenAiDialect dialect = new OpenAiDialect();
    private final AtomicLong ids = new AtomicLong();

    EmbeddingsEndpoint(SimConfig config, StatsRecorder stats) {
        this.config = config;
        this.stats = stats;
        this.windows = new ContextWindows(config);
    }

    /** A computed answer. */
    private record Result(byte[] body, long tokens) { }

    void handle(HttpRequest req, HttpResponse resp, RequestLog.Draft draft) throws IOException {
        String requestId = "req_emb_" + Long.toString(ids.incrementAndGet(), 36);
        Map<String, String> headers = Map.of(dialect.requestIdHeader(), requestId);
        WireError denied = dialect.checkHeaders(req, config.apiKey());
        try {
            if (denied != null) throw denied;
            Result r = compute(req.body(), draft);
            resp.send(200, headers, ChatEndpoint.JSON, r.body());
        } catch (WireError e) {
            resp.send(e.status(), headers, ChatEndpoint.JSON, dialect.error(e, requestId));
        }
    }

    /** One {@code /v1/embeddings} item of a batch. */
    Answer answerItem(byte[] body, RequestLog.Draft draft) {
        String requestId = "req_emb_" + Long.toString(ids.incrementAndGet(), 36);
        try {
            Result r = compute(body, draft);
            return new Answer(200, r.body(), requestId, r.tokens(), 0, 0, 0);
        } catch (WireError e) {
            return Answer.error(e.status(), dialect.error(e, requestId), requestId);
        }
    }

    private Result compute(byte[] body, RequestLog.Draft draft) throws WireError {
        JsonNode root = SimJson.tryParse(body);
        if (root == null || !root.isObject()) throw new WireError(400, "invalid_request_error",
                "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.", null, null);
        JsonNode modelNode = root.get("model");
        if (modelNode == null || !modelNode.isString() || modelNode.stringValue().isBlank())
            throw new WireError(400, "invalid_request_error", "you must provide a model parameter", null, null);
        String model = modelNode.stringValue();
        String format = root.path("encoding_format").asString("float");
        if (!format.equals("float") && !format.equals("base64"))
            throw new WireError(400, "invalid_request_error", "Invalid value: '" + format + "'. Supported values are: "
                    + "'float' and 'base64'.", "encoding_format", "invalid_value");
        int dims = config.embeddingDimensions();
        JsonNode d = root.get("dimensions");
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber()) throw new WireError(400, "invalid_request_error", "Invalid type for 'dimensions': "
                    + "expected an integer.", "dimensions", "invalid_type");
            if (d.asLong() < 1) throw new WireError(400, "invalid_request_error", "Invalid 'dimensions': integer below "
                    + "minimum value. Expected a value >= 1, but got " + d.asLong() + " instead.", "dimensions",
                    "integer_below_min_value");
            if (d.asLong() > MAX_DIMENSIONS) throw new WireError(400, "invalid_request_error", "Invalid 'dimensions': "
                    + "integer above maximum value. Expected a value <= " + MAX_DIMENSIONS + ", but got " + d.asLong()
                    + " instead.", "dimensions", "integer_above_max_value");
            dims = d.asInt();
        }
        List<float[]> vectors = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long tokens = vectors(root.get("input"), model, dims, vectors, texts);
        if (draft != null) {
            List<dev.tern.sim.engine.Turn> turns = new ArrayList<>();
            texts.forEach(t -> turns.add(dev.tern.sim.engine.Turn.user(t)));
            draft.chat(model, "", turns, tokens);
        }
        stats.embeddings(vectors.size(), tokens);
        ObjectNode out = SimJson.object().put("object", "list");
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode e = data.addObject().put("object", "embedding").put("index", i);
            if (format.equals("base64")) e.put("embedding", Embedder.base64(vectors.get(i)));
            else {
                ArrayNode arr = e.putArray("embedding");
                for (float f : vectors.get(i)) arr.add(f);
            }
        }
        out.put("model", model);
        out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return new Result(SimJson.bytes(out), tokens);
    }

    /** Embeds every input; @return input tokens */
    private long vectors(JsonNode input, String model, int dims, List<float[]> out, List<String> texts) throws WireError {
        if (input == null || input.isNull()) throw new WireError(400, "invalid_request_error",
                "Missing required parameter: 'input'.", "input", "missing_required_parameter");
        long window = windows.of(ModelSpec.plain(model), null);
        if (input.isString()) return one(input.stringValue(), model, dims, window, out, texts);
        if (!input.isArray()) throw new WireError(400, "invalid_request_error", "Invalid type for 'input': expected a "
                + "string or an array.", "input", "invalid_type");
        if (input.isEmpty()) throw new WireError(400, "invalid_request_error", "Invalid 'input': empty array. Expected an "
                + "array with minimum length 1, but got an empty array instead.", "input", "empty_array");
        if (input.get(0).isIntegralNumber()) return tokens(input, model, dims, window, out, texts);
        if (input.size() > MAX_INPUTS) throw new WireError(400, "invalid_request_error", "Invalid 'input': array too "
                + "long. Expected an array with maximum length " + MAX_INPUTS + ", but got an array with length "
                + input.size() + " instead.", "input", "array_above_max_length");
        long total = 0;
        for (JsonNode item : input) {
            if (item.isString()) total += one(item.stringValue(), model, dims, window, out, texts);
            else if (item.isArray()) total += tokens(item, model, dims, window, out, texts);
            else throw new WireError(400, "invalid_request_error", "Invalid type for 'input[" + out.size() + "]': expected "
                    + "a string or an array of integers.", "input", "invalid_type");
        }
        return total;
    }

    private static long one(String text, String model, int dims, long window, List<float[]> out, List<String> texts)
            throws WireError {
        if (text.isEmpty()) throw new WireError(400, "invalid_request_error", "'$.input' is invalid. Please check the API "
                + "reference: https://platform.openai.com/docs/api-reference.", null, null);
        long tokens = Tokens.estimate(text);
        tooLong(tokens, window);
        out.add(Embedder.embed(model, text, dims));
        texts.add(text);
        return tokens;
    }

    private static long tokens(JsonNode ids, String model, int dims, long window, List<float[]> out, List<String> texts)
            throws WireError {
        int[] t = new int[ids.size()];
        for (int i = 0; i < t.length; i++) {
            if (!ids.get(i).isIntegralNumber()) throw new WireError(400, "invalid_request_error", "Invalid type for "
                    + "'input': expected an array of integers (token ids).", "input", "invalid_type");
            t[i] = ids.get(i).asInt();
        }
        if (t.length == 0) throw new WireError(400, "invalid_request_error", "'$.input' is invalid. Please check the API "
                + "reference: https://platform.openai.com/docs/api-reference.", null, null);
        tooLong(t.length, window);
        out.add(Embedder.embedTokens(model, t, dims));
        texts.add(ids.toString());
        return t.length;
    }

    private static void tooLong(long tokens, long window) throws WireError {
        if (window > 0 && tokens > window)
            throw new WireError(400, "invalid_request_error", "This model's maximum context length is " + window
                    + " tokens, however you requested " + tokens + " tokens (" + tokens + " in your prompt; 0 for the "
                    + "completion). Please reduce your prompt; or completion length.", null, null);
    }
}
