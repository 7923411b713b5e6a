package dev.tern.provider.batch;

import dev.tern.batch.BatchApi;
import dev.tern.batch.BatchRequest;
import dev.tern.batch.BatchResult;
import dev.tern.batch.BatchStatus;
import dev.tern.cancel.Cancellation;
import dev.tern.json.Json;
import dev.tern.model.ModelException;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiJson;
import dev.tern.provider.openai.OpenAiProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI Batch API: the requests become a JSONL file ({@code custom_id, method, url, body}) uploaded
 * to {@code /files} with purpose {@code batch}, then {@code POST /batches} for {@code /v1/chat/completions}
 * within 24 h; results come from the output and error files. Bodies are written by the
 * {@link OpenAiProvider} itself, so a batch request is byte-for-byte the request the provider would send.
 */
public final class OpenAiBatchApi implements BatchApi {

    static final String ENDPOINT = "/v1/chat/completions";

    private final OpenAiProvider provider;
    private final BatchHttp http;

    public OpenAiBatchApi(HttpTransport transport, ProviderConfig config) {
        this.provider = new OpenAiProvider(transport, config);
        this.http = new BatchHttp(transport, config,
                config.apiKey().isEmpty() ? Map.of() : Map.of("authorization", "Bearer " + config.apiKey()));
    }

    @Override
    public String name() { return http.provider(); }

    @Override
    public BatchStatus submit(List<BatchRequest> requests, Cancellation cancel) {
        BatchJson.check(requests, true);
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        for (BatchRequest r : requests) {
            ObjectNode line = Json.object();
            line.put("custom_id", r.customId());
            line.put("method", "POST");
            line.put("url", ENDPOINT);
            line.set("body", Json.parse(provider.requestJson(r.request(), false)));
            jsonl.writeBytes(Json.MAPPER.writeValueAsBytes(line));
            jsonl.write('\n');
        }
        String fileId = upload(jsonl.toByteArray(), cancel);
        ObjectNode create = Json.object();
        create.put("input_file_id", fileId);
        create.put("endpoint", ENDPOINT);
        create.put("completion_window", "24h");
        create.putObject("metadata").put("client", "tern");
        return status(http.postJson("/batches", create, cancel).json(http.errors()));
    }

    private String upload(byte[] jsonl, Cancellation cancel) {
        String boundary = "tern-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(jsonl.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tern-batch.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jsonl);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode file = http.post("/files", "multipart/form-data; boundary=" + boundary, body.toByteArray(), cancel)
                .json(http.errors());
        String id = file.path("id").asString("");
        if (id.isEmpty()) throw http.errors().protocol("the file upload answered without an id", null);
        return id;
    }

    @Override
    public BatchStatus status(String batchId, Cancellation cancel) {
        return status(http.get("/batches/" + batchId, cancel).json(http.errors()));
    }

    @Override
    public BatchStatus cancel(String batchId, Cancellation cancel) {
        return status(http.post("/batches/" + batchId + "/cancel", "application/json", new byte[0], cancel).json(http.errors()));
    }

    BatchStatus status(JsonNode b) {
        String vendor = b.path("status").asString("");
        BatchStatus.State state = switch (vendor) {
            case "completed" -> BatchStatus.State.COMPLETED;
            case "expired" -> BatchStatus.State.EXPIRED;
            case "cancelled" -> BatchStatus.State.CANCELLED;
            case "cancelling" -> BatchStatus.State.CANCELLING;
            case "failed" -> BatchStatus.State.FAILED;
            default -> BatchStatus.State.IN_PROGRESS; // validating, in_progress, finalizing
        };
        JsonNode c = b.path("request_counts");
        int total = BatchJson.count(c, "total"), ok = BatchJson.count(c, "completed"), failed = BatchJson.count(c, "failed");
        int rest = Math.max(0, total - ok - failed);
        BatchStatus.Counts counts = new BatchStatus.Counts(total, state.ended() ? 0 : rest, ok, failed,
                state == BatchStatus.State.EXPIRED ? rest : 0, state == BatchStatus.State.CANCELLED ? rest : 0);
        List<String> errors = new ArrayList<>();
        for (JsonNode e : b.path("errors").path("data")) {
            JsonNode line = e.get("line");
            errors.add((line == null || line.isNull() ? "" : "line " + line.asInt() + ": ") + BatchJson.message(e));
        }
        return new BatchStatus(b.path("id").asString(""), name(), state, vendor, counts, BatchJson.time(b.get("created_at")),
                BatchJson.time(b.get("expires_at")), BatchJson.time(firstSet(b, "completed_at", "expired_at", "cancelled_at", "failed_at")),
                errors);
    }

    private static JsonNode firstSet(JsonNode b, String... names) {
        for (String n : names) {
            JsonNode v = b.get(n);
            if (v != null && !v.isNull()) return v;
        }
        return null;
    }

    @Override
    public void results(String batchId, Consumer<BatchResult> sink, Cancellation cancel) {
        JsonNode b = http.get("/batches/" + batchId, cancel).json(http.errors());
        BatchStatus s = status(b);
        if (!s.hasResults()) {
            throw new ModelException(ModelException.Kind.BAD_REQUEST, name(), "batch " + batchId + " has no results: " + s.summary());
        }
        String model = b.path("model").asString(null);
        for (String field : new String[] {"output_file_id", "error_file_id"}) {
            String file = b.path(field).asString("");
            if (file.isEmpty() || b.path(field).isNull()) continue;
            byte[] content = http.get("/files/" + file + "/content", cancel).body();
            Lines.each(content, line -> sink.accept(result(Lines.json(line, http.errors()), model)));
        }
    }

    private BatchResult result(JsonNode line, String model) {
        String id = line.path("custom_id").asString("");
        JsonNode error = line.get("error");
        JsonNode response = line.get("response");
        if (error != null && !error.isNull()) {
            String code = error.path("code").asString("");
            BatchResult.Outcome o = code.equals("batch_expired") ? BatchResult.Outcome.EXPIRED
                    : code.equals("batch_cancelled") ? BatchResult.Outcome.CANCELLED : BatchResult.Outcome.ERRORED;
            return BatchResult.failed(id, o, BatchJson.message(error));
        }
        if (response == null || response.isNull()) return BatchResult.failed(id, BatchResult.Outcome.ERRORED, "no response");
        int status = response.path("status_code").asInt(0);
        JsonNode body = response.path("body");
        if (status != 200) {
            return BatchResult.failed(id, BatchResult.Outcome.ERRORED, "HTTP " + status + ": " + BatchJson.message(body.path("error")));
        }
        try {
            return BatchResult.succeeded(id, OpenAiJson.response(body, body.path("model").asString(model)));
        } catch (ModelException e) {
            return BatchResult.failed(id, BatchResult.Outcome.ERRORED, e.getMessage());
        }
    }
}
