package dev.tern.cli;

import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What {@code tern batch submit} remembers about a batch in the workspace ({@code .tern/batches/<id>.json}):
 * the vendor, the model and the custom ids in file order, so {@code results} prints them in that order
 * and prices them, whichever process asks.
 *
 * @param customIds the requests' ids in the order of the input file
 */
record BatchRecords(String id, String provider, String model, String file, Instant submitted, List<String> customIds) {

    static Path path(Path workspace, String id) {
        return workspace.resolve(".tern").resolve("batches").resolve(id.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json");
    }

    void save(Path workspace) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("provider", provider);
        m.put("model", model);
        m.put("file", file);
        m.put("submitted", submitted.toString());
        m.put("customIds", customIds);
        Path p = path(workspace, id);
        Files.createDirectories(p.getParent());
        AtomicFiles.write(p, Json.write(m) + "\n");
    }

    /** The record of batch {@code id}, or null when this workspace did not submit it (or the file is unreadable). */
    static BatchRecords load(Path workspace, String id) {
        Path p = path(workspace, id);
        if (!Files.isRegularFile(p)) return null;
        try {
            JsonNode n = Json.parse(Files.readString(p));
            List<String> ids = new ArrayList<>();
            n.path("customIds").forEach(x -> ids.add(x.asString()));
            return new BatchRecords(n.path("id").asString(id), n.path("provider").asString(null), n.path("model").asString(null),
                    n.path("file").asString(null), Instant.parse(n.path("submitted").asString(Instant.EPOCH.toString())), ids);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
