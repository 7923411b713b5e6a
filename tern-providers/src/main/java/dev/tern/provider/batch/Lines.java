package dev.tern.provider.batch;

import dev.tern.json.Json;
import dev.tern.provider.internal.ErrorMapper;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Splits a JSONL download into its non-blank lines without copying it into one string. */
final class Lines {

    private Lines() { }

    /** One result line as JSON; @throws dev.tern.model.ModelException PROTOCOL when it is not */
    static JsonNode json(String line, ErrorMapper errors) {
        try {
            JsonNode n = Json.parse(line);
            if (n != null && n.isObject()) return n;
        } catch (JacksonException e) {
            throw errors.protocol("a result line is not JSON: " + e.getOriginalMessage(), e);
        }
        throw errors.protocol("a result line is not a JSON object", null);
    }

    static void each(byte[] content, Consumer<String> line) {
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    String s = new String(content, start, end - start, StandardCharsets.UTF_8);
                    if (!s.isBlank()) line.accept(s);
                }
                start = i + 1;
            }
        }
    }
}
