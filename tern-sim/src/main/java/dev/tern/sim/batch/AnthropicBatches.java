package dev.tern.sim.batch;

import dev.tern.sim.http.HttpRequest;
import dev.tern.sim.http.HttpResponse;
import dev.tern.sim.wire.AnthropicDialect;
import dev.tern.sim.wire.SimJson;
import dev.tern.sim.wire.WireError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Message Batches: {@code POST /v1/messages/batches}, {@code GET /v1/messages/batches[/{id}]},
 * {@code GET .../{id}/results}, {@code POST .../{id}/cancel}, {@code DELETE .../{id}}.
 */
public final class AnthropicBatches {

    static final String BASE = "/v1/messages/batches";
    static final int MAX_REQUESTS = 100_000;
    private static final Pattern CUSTOM_ID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    private final BatchContext ctx;
    private final BatchStore store;
    private final AnthropicDialect dialect = new AnthropicDialect();

    public AnthropicBatches(BatchContext ctx) {
        this.ctx = ctx;
        this.store = new BatchStore(ctx.config().maxBatches());
    }

    /** @return false when the request is not for a message-batches route */
    public boolean handle(HttpRequest req, HttpResponse resp) throws IOException {
        String path = req.path();
        if (!path.equals(BASE) && !path.startsWith(BASE + "/")) return false;
        WireError denied = dialect.checkHeaders(req, ctx.apiKey());
        if (denied != null) {
            BatchContext.error(resp, dialect, denied);
            return true;
        }
        String m = req.method();
        if (path.equals(BASE)) {
            if (m.equals("POST")) create(req, resp);
            else if (m.equals("GET")) list(req, resp);
            else BatchContext.notAllowed(req, resp, dialect);
            return true;
        }
        String rest = path.substring(BASE.length() + 1);
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        Batch b = store.get(id);
        if (b == null || !(action.isEmpty() || action.equals("results") || action.equals("cancel"))) {
            BatchContext.error(resp, dialect, new WireError(404, "not_found_error", "Message Batch " + id + " not found.",
                    null, null));
            return true;
        }
        long now = ctx.clock().millis();
        advance(b, now);
        switch (m + " " + action) {
            case "GET " -> BatchContext.json(resp, 200, object(b, now));
            case "GET results" -> results(b, now, resp);
            case "POST cancel" -> {
                b.cancel(now);
                BatchContext.json(resp, 200, object(b, now));
            }
            case "DELETE " -> {
                if (!b.finished(now)) {
                    BatchContext.error(resp, dialect, WireError.invalid("Message Batch " + id + " cannot be deleted while "
                            + "it is processing; cancel it first."));
                    return true;
                }
                store.remove(id);
                BatchContext.json(resp, 200, SimJson.object().put("id", id).put("type", "message_batch_deleted"));
            }
            default -> BatchContext.notAllowed(req, resp, dialect);
        }
        return true;
    }

    /** Moves every batch forward to now (so stats count items nobody polled). */
    public void advanceAll() {
        long now = ctx.clock().millis();
        for (Batch b : store.list()) advance(b, now);
    }

    public void clear() { store.clear(); }

    private void advance(Batch b, long now) {
        b.advance(now, item -> ctx.answerer().answer(b.id(), item), ctx.stats());
    }

    private void create(HttpRequest req, HttpResponse resp) throws IOException {
        JsonNode root = SimJson.tryParse(req.body());
        if (root == null || !root.isObject()) {
            BatchContext.error(resp, dialect, WireError.invalid("There was an error parsing the body of your request: it "
                    + "is not a JSON object."));
            return;
        }
        JsonNode requests = root.get("requests");
        WireError bad = null;
        if (requests == null || requests.isNull()) bad = WireError.invalid("requests: Field required");
        else if (!requests.isArray()) bad = WireError.invalid("requests: Input should be a valid list");
        else if (requests.isEmpty()) bad = WireError.invalid("requests: List should have at least 1 item after validation, not 0");
        else if (requests.size() > MAX_REQUESTS) bad = WireError.invalid("requests: List should have at most "
                + MAX_REQUESTS + " items after validation, not " + requests.size());
        List<Batch.Item> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; bad == null && i < requests.size(); i++) {
            JsonNode r = requests.get(i);
            JsonNode cid = r.get("custom_id");
            JsonNode params = r.get("params");
            if (cid == null || cid.isNull()) bad = WireError.invalid("requests." + i + ".custom_id: Field required");
            else if (!cid.isString() || !CUSTOM_ID.matcher(cid.stringValue()).matches())
                bad = WireError.invalid("requests." + i + ".custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
            else if (!ids.add(cid.stringValue()))
                bad = WireError.invalid("requests." + i + ".custom_id: Duplicate custom_id '" + cid.stringValue()
                        + "'; each request in a batch needs a unique custom_id");
            else if (params == null || !params.isObject())
                bad = WireError.invalid("requests." + i + ".params: Field required");
            else items.add(new Batch.Item(cid.stringValue(), "/v1/messages", SimJson.bytes(params)));
        }
        if (bad != null) {
            BatchContext.error(resp, dialect, bad);
            return;
        }
        long now = ctx.clock().millis();
        Batch b = new Batch(store.newId("msgbatch_"), now, ctx.config().processingMs(), ctx.config().expiryMs(), items,
                false, null);
        if (!store.add(b, now, x -> { })) {
            BatchContext.error(resp, dialect, new WireError(429, "rate_limit_error", "Too many message batches in "
                    + "progress (the simulator keeps " + ctx.config().maxBatches() + ").", null, null));
            return;
        }
        BatchContext.json(resp, 200, object(b, now));
    }

    private void list(HttpRequest req, HttpResponse resp) throws IOException {
        long now = ctx.clock().millis();
        List<Batch> all = store.list();
        List<Batch> page = Pages.page(all, Batch::id, Pages.param(req.query(), "after_id"),
                Pages.param(req.query(), "before_id"), Pages.limit(req.query(), 20, 1000));
        ObjectNode root = SimJson.object();
        ArrayNode data = root.putArray("data");
        for (Batch b : page) {
            advance(b, now);
            data.add(object(b, now));
        }
        root.put("has_more", !page.isEmpty() && all.get(all.size() - 1) != page.get(page.size() - 1));
        root.put("first_id", page.isEmpty() ? null : page.get(0).id());
        root.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id());
        BatchContext.json(resp, 200, root);
    }

    private void results(Batch b, long now, HttpResponse resp) throws IOException {
        if (!b.finished(now)) {
            BatchContext.error(resp, dialect, WireError.invalid("Message Batch " + b.id() + " has not finished processing "
                    + "yet; its results are available once processing_status is ended."));
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        synchronized (b) {
            for (int i = 0; i < b.items.size(); i++) {
                Answer a = b.answers[i];
                String result = switch (b.outcomes[i]) {
                    case SUCCEEDED -> "{\"type\":\"succeeded\",\"message\":" + new String(a.body(), StandardCharsets.UTF_8) + "}";
                    case ERRORED -> "{\"type\":\"errored\",\"error\":" + new String(a.body(), StandardCharsets.UTF_8) + "}";
                    case CANCELED -> "{\"type\":\"canceled\"}";
                    case EXPIRED -> "{\"type\":\"expired\"}";
                };
                out.writeBytes(("{\"custom_id\":" + SimJson.quote(b.items.get(i).customId()) + ",\"result\":" + result + "}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        resp.send(200, Map.of(), "application/x-jsonl", out.toByteArray());
    }

    private ObjectNode object(Batch b, long now) {
        synchronized (b) {
            boolean ended = b.finished(now);
            ObjectNode o = SimJson.object();
            o.put("id", b.id());
            o.put("type", "message_batch");
            o.put("processing_status", ended ? "ended" : b.cancelAtMs >= 0 ? "canceling" : "in_progress");
            ObjectNode counts = o.putObject("request_counts");
            int succeeded = b.count(Batch.Outcome.SUCCEEDED);
            int errored = b.count(Batch.Outcome.ERRORED);
            int canceled = b.count(Batch.Outcome.CANCELED);
            int expired = b.count(Batch.Outcome.EXPIRED);
            counts.put("processing", b.items.size() - succeeded - errored - canceled - expired);
            counts.put("succeeded", succeeded);
            counts.put("errored", errored);
            counts.put("canceled", canceled);
            counts.put("expired", expired);
            time(o, "ended_at", ended, b.endMs);
            o.put("created_at", Instant.ofEpochMilli(b.createdMs).toString());
            o.put("expires_at", Instant.ofEpochMilli(b.expiresMs).toString());
            o.putNull("archived_at");
            time(o, "cancel_initiated_at", b.cancelAtMs >= 0, b.cancelAtMs);
            o.put("results_url", ended ? ctx.baseUrl().get() + BASE + "/" + b.id() + "/results" : null);
            return o;
        }
    }

    private static void time(ObjectNode o, String field, boolean set, long ms) {
        if (set) o.put(field, Instant.ofEpochMilli(ms).toString());
        else o.putNull(field);
    }
}
