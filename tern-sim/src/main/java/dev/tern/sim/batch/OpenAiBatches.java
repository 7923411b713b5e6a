package dev.tern.sim.batch;

import dev.tern.sim.http.HttpRequest;
import dev.tern.sim.http.HttpResponse;
import dev.tern.sim.wire.OpenAiDialect;
import dev.tern.sim.wire.SimJson;
import dev.tern.sim.wire.WireError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI Batch API: {@code POST /v1/batches}, {@code GET /v1/batches[/{id}]}, {@code POST /v1/batches/{id}/cancel}.
 * Input and results are {@link OpenAiFiles}.
 */
public final class OpenAiBatches {

    /** Endpoints a batch may target. */
    public static final List<String> ENDPOINTS = List.of("/v1/chat/completions", "/v1/embeddings");
    static final int MAX_REQUESTS = 50_000;

    /** What an OpenAI batch carries besides the common state. */
    static final class Details {
        final String endpoint;
        final String inputFileId;
        final String completionWindow;
        final JsonNode metadata;
        final String model;
        String outputFileId;
        String errorFileId;
        boolean written;

        Details(String endpoint, String inputFileId, String completionWindow, JsonNode metadata, String model) {
            this.endpoint = endpoint;
            this.inputFileId = inputFileId;
            this.completionWindow = completionWindow;
            this.metadata = metadata;
            this.model = model;
        }
    }

    private final BatchContext ctx;
    private final BatchStore store;
    private final OpenAiDialect dialect = new OpenAiDialect();

    public OpenAiBatches(BatchContext ctx) {
        this.ctx = ctx;
        this.store = new BatchStore(ctx.config().maxBatches());
    }

    /** @return false when the request is not for a batches route */
    public boolean handle(HttpRequest req, HttpResponse resp) throws IOException {
        String path = req.path();
        if (!path.equals("/v1/batches") && !path.startsWith("/v1/batches/")) return false;
        WireError denied = dialect.checkHeaders(req, ctx.apiKey());
        if (denied != null) {
            BatchContext.error(resp, dialect, denied);
            return true;
        }
        String m = req.method();
        if (path.equals("/v1/batches")) {
            if (m.equals("POST")) create(req, resp);
            else if (m.equals("GET")) list(req, resp);
            else BatchContext.notAllowed(req, resp, dialect);
            return true;
        }
        String rest = path.substring("/v1/batches/".length());
        boolean cancel = rest.endsWith("/cancel");
        String id = cancel ? rest.substring(0, rest.length() - "/cancel".length()) : rest;
        Batch b = id.contains("/") ? null : store.get(id);
        if (b == null) {
            BatchContext.error(resp, dialect, new WireError(404, "invalid_request_error", "No batch found with id '" + id
                    + "'.", null, null));
            return true;
        }
        long now = ctx.clock().millis();
        if (cancel && m.equals("POST")) {
            advance(b, now);
            if (!b.cancel(now)) {
                BatchContext.error(resp, dialect, new WireError(409, "invalid_request_error", "Cannot cancel a batch with "
                        + "status '" + status(b, now) + "'.", null, null));
                return true;
            }
            BatchContext.json(resp, 200, object(b, now));
        } else if (!cancel && m.equals("GET")) {
            advance(b, now);
            BatchContext.json(resp, 200, object(b, now));
        } else BatchContext.notAllowed(req, resp, dialect);
        return true;
    }

    /** Moves every batch forward to now (so stats count items nobody polled). */
    public void advanceAll() {
        long now = ctx.clock().millis();
        for (Batch b : store.list()) advance(b, now);
    }

    public void clear() { store.clear(); }

    private void create(HttpRequest req, HttpResponse resp) throws IOException {
        JsonNode root = SimJson.tryParse(req.body());
        WireError bad = null;
        if (root == null || !root.isObject()) bad = new WireError(400, "invalid_request_error", "We could not parse the "
                + "JSON body of your request. The OpenAI API expects a JSON payload.", null, null);
        else if (!root.path("input_file_id").isString()) bad = BatchContext.missing("input_file_id");
        else if (!root.path("endpoint").isString()) bad = BatchContext.missing("endpoint");
        else if (!root.path("completion_window").isString()) bad = BatchContext.missing("completion_window");
        else if (!ENDPOINTS.contains(root.get("endpoint").stringValue()))
            bad = new WireError(400, "invalid_request_error", "Invalid value: '" + root.get("endpoint").stringValue()
                    + "'. Supported values are: '/v1/chat/completions' and '/v1/embeddings'.", "endpoint", "invalid_value");
        else if (!root.get("completion_window").stringValue().equals("24h"))
            bad = new WireError(400, "invalid_request_error", "Invalid value: '" + root.get("completion_window").stringValue()
                    + "'. Supported values are: '24h'.", "completion_window", "invalid_value");
        FileStore.StoredFile input = bad == null ? ctx.files().get(root.get("input_file_id").stringValue()) : null;
        if (bad == null && input == null)
            bad = new WireError(400, "invalid_request_error", "No such File object: " + root.get("input_file_id").stringValue(),
                    "input_file_id", null);
        else if (bad == null && !input.purpose().equals("batch"))
            bad = new WireError(400, "invalid_request_error", "The input file must have purpose 'batch', not '"
                    + input.purpose() + "'.", "input_file_id", null);
        if (bad != null) {
            BatchContext.error(resp, dialect, bad);
            return;
        }
        String endpoint = root.get("endpoint").stringValue();
        List<Batch.Item> items = new ArrayList<>();
        List<Batch.BatchError> errors = new ArrayList<>();
        String model = readLines(input.bytes(), endpoint, items, errors);
        long now = ctx.clock().millis();
        JsonNode metadata = root.get("metadata");
        Batch b = new Batch(store.newId("batch_"), now, ctx.config().processingMs(), ctx.config().expiryMs(), items, true,
                errors.isEmpty() ? null : errors);
        b.details = new Details(endpoint, input.id(), "24h", metadata == null || !metadata.isObject() ? null : metadata, model);
        if (!store.add(b, now, this::forget)) {
            BatchContext.error(resp, dialect, new WireError(429, "batch_limit", "Too many batches in progress (the "
                    + "simulator keeps " + ctx.config().maxBatches() + "). Wait for some to finish.", null, "rate_limit_exceeded"));
            return;
        }
        BatchContext.json(resp, 200, object(b, now));
    }

    /** Parses the input JSONL into items; problems go to {@code errors}. @return the model of the first line */
    private static String readLines(byte[] bytes, String endpoint, List<Batch.Item> items, List<Batch.BatchError> errors) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        Set<String> ids = new HashSet<>();
        String model = null;
        for (int i = 0; i < lines.length && errors.size() < 100; i++) {
            String line = lines[i].strip();
            int n = i + 1;
            if (line.isEmpty()) continue;
            JsonNode o = SimJson.tryParse(line.getBytes(StandardCharsets.UTF_8));
            if (o == null || !o.isObject()) {
                errors.add(new Batch.BatchError("invalid_json_line", "Line " + n + " is not a valid JSON object.", null, n));
                continue;
            }
            JsonNode cid = o.get("custom_id");
            JsonNode body = o.get("body");
            String url = o.path("url").asString("");
            if (cid == null || !cid.isString() || cid.stringValue().isEmpty())
                errors.add(new Batch.BatchError("missing_required_parameter", "Missing required parameter: 'custom_id'.",
                        "custom_id", n));
            else if (!ids.add(cid.stringValue()))
                errors.add(new Batch.BatchError("duplicate_custom_id", "The custom_id '" + cid.stringValue()
                        + "' is used more than once; each request needs a unique custom_id.", "custom_id", n));
            else if (!"POST".equals(o.path("method").asString("")))
                errors.add(new Batch.BatchError("invalid_method", "Line " + n + ": 'method' must be 'POST'.", "method", n));
            else if (!url.equals(endpoint))
                errors.add(new Batch.BatchError("mismatched_endpoint", "Line " + n + ": the url '" + url + "' does not "
                        + "match the batch endpoint '" + endpoint + "'.", "url", n));
            else if (body == null || !body.isObject())
                errors.add(new Batch.BatchError("missing_required_parameter", "Missing required parameter: 'body'.", "body", n));
            else {
                String m = body.path("model").asString(null);
                if (model == null) model = m;
                else if (m != null && !m.equals(model))
                    errors.add(new Batch.BatchError("mismatched_model", "Line " + n + ": the model '" + m + "' differs from '"
                            + model + "'; all requests in a batch must use the same model.", "body.model", n));
                items.add(new Batch.Item(cid.stringValue(), url, SimJson.bytes(body)));
            }
        }
        if (items.isEmpty() && errors.isEmpty())
            errors.add(new Batch.BatchError("empty_file", "The input file contains no requests.", null, null));
        if (items.size() > MAX_REQUESTS)
            errors.add(new Batch.BatchError("too_many_requests", "A batch may contain at most " + MAX_REQUESTS
                    + " requests, this file has " + items.size() + ".", null, null));
        return model;
    }

    private void list(HttpRequest req, HttpResponse resp) throws IOException {
        long now = ctx.clock().millis();
        List<Batch> all = store.list();
        List<Batch> page = Pages.page(all, Batch::id, Pages.param(req.query(), "after"), null,
                Pages.limit(req.query(), 20, 100));
        ObjectNode root = SimJson.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (Batch b : page) {
            advance(b, now);
            data.add(object(b, now));
        }
        root.put("first_id", page.isEmpty() ? null : page.get(0).id());
        root.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id());
        root.put("has_more", !page.isEmpty() && all.get(all.size() - 1) != page.get(page.size() - 1));
        BatchContext.json(resp, 200, root);
    }

    private void advance(Batch b, long now) {
        b.advance(now, item -> ctx.answerer().answer(b.id(), item), ctx.stats());
        Details d = (Details) b.details;
        synchronized (b) {
            if (d.written || !b.finished(now) || b.end == Batch.End.FAILED) return;
            d.written = true;
            writeResults(b, d, now);
        }
    }

    /** Output file (answers with status 200) and error file (the others, expired and cancelled requests). */
    private void writeResults(Batch b, Details d, long now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (int i = 0; i < b.items.size(); i++) {
            Batch.Item item = b.items.get(i);
            Answer a = b.answers[i];
            String head = "{\"id\":\"batch_req_" + b.id().substring(6) + "_" + i + "\",\"custom_id\":"
                    + SimJson.quote(item.customId()) + ",";
            String line;
            if (a != null) line = head + "\"response\":{\"status_code\":" + a.status() + ",\"request_id\":"
                    + SimJson.quote(a.requestId()) + ",\"body\":" + new String(a.body(), StandardCharsets.UTF_8)
                    + "},\"error\":null}\n";
            else if (b.outcomes[i] == Batch.Outcome.EXPIRED) line = head + "\"response\":null,\"error\":{\"code\":"
                    + "\"batch_expired\",\"message\":\"This request could not be executed before the completion window "
                    + "expired.\"}}\n";
            else line = head + "\"response\":null,\"error\":{\"code\":\"batch_cancelled\",\"message\":\"This request was "
                    + "cancelled before it could be executed.\"}}\n";
            (a != null && a.ok() ? out : err).writeBytes(line.getBytes(StandardCharsets.UTF_8));
        }
        long at = now / 1000;
        if (out.size() > 0) d.outputFileId = ctx.files().add("batch_" + b.id() + "_output.jsonl", "batch_output", at,
                out.toByteArray()).id();
        if (err.size() > 0) d.errorFileId = ctx.files().add("batch_" + b.id() + "_error.jsonl", "batch_output", at,
                err.toByteArray()).id();
    }

    private void forget(Batch b) {
        Details d = (Details) b.details;
        if (d.outputFileId != null) ctx.files().delete(d.outputFileId);
        if (d.errorFileId != null) ctx.files().delete(d.errorFileId);
    }

    static String status(Batch b, long now) {
        synchronized (b) {
            return switch (b.end) {
                case FAILED -> "failed";
                case CANCELED -> "cancelled";
                case EXPIRED -> "expired";
                case DONE -> now >= b.endMs + b.finalizeMs() ? "completed" : "finalizing";
                case NONE -> b.cancelAtMs >= 0 ? "cancelling"
                        : !b.advanced || now < b.validatedAt() ? "validating" : "in_progress";
            };
        }
    }

    private static ObjectNode object(Batch b, long now) {
        Details d = (Details) b.details;
        synchronized (b) {
            String status = status(b, now);
            ObjectNode o = SimJson.object();
            o.put("id", b.id());
            o.put("object", "batch");
            o.put("endpoint", d.endpoint);
            o.put("model", d.model);
            if (b.invalid == null) o.putNull("errors");
            else {
                ObjectNode errors = o.putObject("errors").put("object", "list");
                ArrayNode data = errors.putArray("data");
                for (Batch.BatchError e : b.invalid) {
                    ObjectNode x = data.addObject().put("code", e.code()).put("message", e.message()).put("param", e.param());
                    if (e.line() == null) x.putNull("line");
                    else x.put("line", e.line());
                }
            }
            o.put("input_file_id", d.inputFileId);
            o.put("completion_window", d.completionWindow);
            o.put("status", status);
            o.put("output_file_id", d.outputFileId);
            o.put("error_file_id", d.errorFileId);
            o.put("created_at", b.createdMs / 1000);
            time(o, "in_progress_at", b.invalid == null && now >= b.validatedAt() && !status.equals("validating"), b.validatedAt());
            o.put("expires_at", b.expiresMs / 1000);
            time(o, "finalizing_at", b.end == Batch.End.DONE, b.endMs);
            time(o, "completed_at", status.equals("completed"), b.endMs + b.finalizeMs());
            time(o, "failed_at", b.end == Batch.End.FAILED, b.endMs);
            time(o, "expired_at", b.end == Batch.End.EXPIRED, b.endMs);
            time(o, "cancelling_at", b.cancelAtMs >= 0, b.cancelAtMs);
            time(o, "cancelled_at", b.end == Batch.End.CANCELED, b.endMs);
            ObjectNode counts = o.putObject("request_counts");
            counts.put("total", b.items.size());
            counts.put("completed", b.count(Batch.Outcome.SUCCEEDED));
            counts.put("failed", b.count(Batch.Outcome.ERRORED));
            usage(o, b);
            if (d.metadata == null) o.putNull("metadata");
            else o.set("metadata", d.metadata);
            return o;
        }
    }

    private static void usage(ObjectNode o, Batch b) {
        long in = 0;
        long cached = 0;
        long out = 0;
        long reasoning = 0;
        for (Answer a : b.answers) {
            if (a == null) continue;
            in += a.inputTokens();
            cached += a.cachedTokens();
            out += a.outputTokens();
            reasoning += a.reasoningTokens();
        }
        ObjectNode u = o.putObject("usage");
        u.put("input_tokens", in);
        u.putObject("input_tokens_details").put("cached_tokens", cached);
        u.put("output_tokens", out);
        u.putObject("output_tokens_details").put("reasoning_tokens", reasoning);
        u.put("total_tokens", in + out);
    }

    private static void time(ObjectNode o, String field, boolean set, long ms) {
        if (set) o.put(field, ms / 1000);
        else o.putNull(field);
    }

}
