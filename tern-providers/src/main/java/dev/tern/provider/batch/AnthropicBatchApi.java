package dev.tern.provider.batch;

import dev.tern.batch.BatchApi;
import dev.tern.batch.BatchRequest;
import dev.tern.batch.BatchResult;
import dev.tern.batch.BatchStatus;
import dev.tern.cancel.Cancellation;
import dev.tern.json.Json;
import dev.tern.model.ModelException;
import dev.tern.provider.anthropic.AnthropicJson;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Message Batches: {@code POST /v1/messages/batches} with {@code {custom_id, params}} per request
 * (params written by the {@link AnthropicProvider} itself, prompt-cache breakpoints included),
 * {@code GET .../{id}} for the status, results from the batch's {@code results_url} (JSONL), and
 * {@code POST .../{id}/cancel}.
 */
public final class AnthropicBatchApi implements BatchApi {

    private static final String BASE = "/v1/messages/batches";

    private final AnthropicProvider provider;
    private final BatchHttp http;

    public AnthropicBatchApi(HttpTransport transport, ProviderConfig config) {
        this.provider = new AnthropicProvider(transport, config);
        Map<String, String> headers = new LinkedHashMap<>();
        if (!config.apiKey().isEmpty()) headers.put("x-api-key", config.apiKey());
        headers.put("anthropic-version", AnthropicProvider.API_VERSION);
        this.http = new BatchHttp(transport, config, headers);
    }

    @Override
    public String name() { return http.provider(); }

    @Override
    public BatchStatus submit(List<BatchRequest> requests, Cancellation cancel) {
        BatchJson.check(requests, false);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("requests");
        for (BatchRequest r : requests) {
            ObjectNode item = list.addObject();
            item.put("custom_id", r.customId());
            item.set("params", Json.parse(provider.requestJson(r.request(), false)));
        }
        return status(http.postJson(BASE, body, cancel).json(http.errors()));
    }

    @Override
    public BatchStatus status(String batchId, Cancellation cancel) {
        return status(http.get(BASE + "/" + batchId, cancel).json(http.errors()));
    }

    @Override
    public BatchStatus cancel(String batchId, Cancellation cancel) {
        return status(http.post(BASE + "/" + batchId + "/cancel", "application/json", new byte[0], cancel).json(http.errors()));
    }

    BatchStatus status(JsonNode b) {
        String vendor = b.path("processing_status").asString("");
        JsonNode c = b.path("request_counts");
        int processing = BatchJson.count(c, "processing"), ok = BatchJson.count(c, "succeeded"),
                errored = BatchJson.count(c, "errored"), canceled = BatchJson.count(c, "canceled"),
                expired = BatchJson.count(c, "expired");
        boolean cancelAsked = b.hasNonNull("cancel_initiated_at");
        BatchStatus.State state = switch (vendor) {
            case "ended" -> cancelAsked ? BatchStatus.State.CANCELLED
                    : expired > 0 ? BatchStatus.State.EXPIRED : BatchStatus.State.COMPLETED;
            case "canceling" -> BatchStatus.State.CANCELLING;
            default -> BatchStatus.State.IN_PROGRESS;
        };
        BatchStatus.Counts counts = new BatchStatus.Counts(processing + ok + errored + canceled + expired, processing, ok,
                errored, expired, canceled);
        return new BatchStatus(b.path("id").asString(""), name(), state, vendor, counts, BatchJson.time(b.get("created_at")),
                BatchJson.time(b.get("expires_at")), BatchJson.time(b.get("ended_at")), List.of());
    }

    @Override
    public void results(String batchId, Consumer<BatchResult> sink, Cancellation cancel) {
        JsonNode b = http.get(BASE + "/" + batchId, cancel).json(http.errors());
        BatchStatus s = status(b);
        String url = b.path("results_url").asString("");
        if (!s.hasResults() || url.isEmpty() || b.path("results_url").isNull()) {
            throw new ModelException(ModelException.Kind.BAD_REQUEST, name(), "batch " + batchId + " has no results yet: " + s.summary());
        }
        byte[] content = http.get(url, cancel).body();
        Lines.each(content, line -> sink.accept(result(Lines.json(line, http.errors()))));
    }

    private static BatchResult result(JsonNode line) {
        String id = line.path("custom_id").asString("");
        JsonNode r = line.path("result");
        return switch (r.path("type").asString("")) {
            case "succeeded" -> {
                try {
                    JsonNode m = r.path("message");
                    yield BatchResult.succeeded(id, AnthropicJson.response(m, m.path("model").asString(null)));
                } catch (ModelException e) {
                    yield BatchResult.failed(id, BatchResult.Outcome.ERRORED, e.getMessage());
                }
            }
            case "expired" -> BatchResult.failed(id, BatchResult.Outcome.EXPIRED, "the batch expired before this request was answered");
            case "canceled" -> BatchResult.failed(id, BatchResult.Outcome.CANCELLED, "the batch was cancelled before this request was answered");
            default -> BatchResult.failed(id, BatchResult.Outcome.ERRORED, BatchJson.message(r.path("error")));
        };
    }
}
