package dev.tern.sim.batch;

import dev.tern.sim.http.HttpRequest;
import dev.tern.sim.http.HttpResponse;
import dev.tern.sim.wire.OpenAiDialect;
import dev.tern.sim.wire.SimJson;
import dev.tern.sim.wire.WireError;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI Files: {@code POST/GET /v1/files}, {@code GET/DELETE /v1/files/{id}}, {@code GET /v1/files/{id}/content}. */
public final class OpenAiFiles {

    private static final Set<String> PURPOSES = Set.of("assistants", "batch", "fine-tune", "vision", "user_data", "evals");

    private final BatchContext ctx;
    private final OpenAiDialect dialect = new OpenAiDialect();

    public OpenAiFiles(BatchContext ctx) {
        this.ctx = ctx;
    }

    /** @return false when the request is not for a files route */
    public boolean handle(HttpRequest req, HttpResponse resp) throws IOException {
        String path = req.path();
        if (!path.equals("/v1/files") && !path.startsWith("/v1/files/")) return false;
        WireError denied = dialect.checkHeaders(req, ctx.apiKey());
        if (denied != null) {
            BatchContext.error(resp, dialect, denied);
            return true;
        }
        String rest = path.length() > "/v1/files/".length() ? path.substring("/v1/files/".length()) : "";
        String m = req.method();
        if (rest.isEmpty() && path.equals("/v1/files")) {
            if (m.equals("POST")) upload(req, resp);
            else if (m.equals("GET")) list(req, resp);
            else BatchContext.notAllowed(req, resp, dialect);
            return true;
        }
        boolean content = rest.endsWith("/content");
        String id = content ? rest.substring(0, rest.length() - "/content".length()) : rest;
        FileStore.StoredFile f = id.contains("/") ? null : ctx.files().get(id);
        if (f == null) {
            BatchContext.error(resp, dialect, new WireError(404, "invalid_request_error", "No such File object: " + id,
                    "id", null));
            return true;
        }
        if (content && m.equals("GET")) resp.send(200, Map.of(), "application/octet-stream", f.bytes());
        else if (!content && m.equals("GET")) BatchContext.json(resp, 200, fileObject(f));
        else if (!content && m.equals("DELETE")) {
            ctx.files().delete(id);
            BatchContext.json(resp, 200, SimJson.object().put("id", id).put("object", "file").put("deleted", true));
        } else BatchContext.notAllowed(req, resp, dialect);
        return true;
    }

    private void upload(HttpRequest req, HttpResponse resp) throws IOException {
        Map<String, Multipart.Part> parts;
        try {
            parts = Multipart.parse(req.header("content-type"), req.body());
        } catch (IllegalArgumentException e) {
            BatchContext.error(resp, dialect, new WireError(400, "invalid_request_error", e.getMessage(), null, null));
            return;
        }
        Multipart.Part file = parts.get("file");
        Multipart.Part purpose = parts.get("purpose");
        WireError bad = null;
        if (file == null || file.filename() == null) bad = BatchContext.missing("file");
        else if (purpose == null) bad = BatchContext.missing("purpose");
        else if (!PURPOSES.contains(purpose.text().trim()))
            bad = new WireError(400, "invalid_request_error", "Invalid value: '" + purpose.text().trim() + "'. Supported "
                    + "values are: 'assistants', 'batch', 'fine-tune', 'vision', 'user_data', and 'evals'.", "purpose",
                    "invalid_value");
        else if (purpose.text().trim().equals("batch") && !file.filename().endsWith(".jsonl"))
            bad = new WireError(400, "invalid_request_error", "Invalid file format for Batch API. Must be .jsonl", null, null);
        if (bad != null) {
            BatchContext.error(resp, dialect, bad);
            return;
        }
        FileStore.StoredFile f = ctx.files().add(file.filename(), purpose.text().trim(), ctx.clock().millis() / 1000,
                file.bytes());
        BatchContext.json(resp, 200, fileObject(f));
    }

    private void list(HttpRequest req, HttpResponse resp) throws IOException {
        List<FileStore.StoredFile> all = ctx.files().list(Pages.param(req.query(), "purpose"));
        List<FileStore.StoredFile> page = Pages.page(all, FileStore.StoredFile::id, Pages.param(req.query(), "after"),
                null, Pages.limit(req.query(), 10_000, 10_000));
        ObjectNode root = SimJson.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        page.forEach(f -> data.add(fileObject(f)));
        root.put("first_id", page.isEmpty() ? null : page.get(0).id());
        root.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id());
        root.put("has_more", !page.isEmpty() && !all.get(all.size() - 1).equals(page.get(page.size() - 1)));
        BatchContext.json(resp, 200, root);
    }

    static ObjectNode fileObject(FileStore.StoredFile f) {
        ObjectNode o = SimJson.object();
        o.put("id", f.id());
        o.put("object", "file");
        o.put("bytes", f.bytes().length);
        o.put("created_at", f.createdAt());
        o.put("filename", f.filename());
        o.put("purpose", f.purpose());
        o.put("status", "processed");
        o.putNull("expires_at");
        o.putNull("status_details");
        return o;
    }

}
