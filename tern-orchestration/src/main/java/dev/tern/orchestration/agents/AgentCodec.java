package dev.tern.orchestration.agents;

import dev.tern.orchestration.files.ParsedIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An {@link AgentDefinition} in the parsed index, field by field. */
final class AgentCodec implements ParsedIndex.Codec<AgentDefinition> {

    @Override
    public void write(AgentDefinition d, ObjectNode o) {
        o.put("name", d.name());
        o.put("description", d.description());
        if (d.tools() != null) strings(o.putArray("tools"), d.tools());
        if (d.model() != null) o.put("model", d.model());
        strings(o.putArray("keywords"), d.keywords());
        o.put("priority", d.priority());
        if (d.maxOutputTokens() != null) o.put("maxOutputTokens", d.maxOutputTokens());
        if (d.temperature() != null) o.put("temperature", d.temperature());
        if (d.cache() != null) o.put("cache", d.cache());
        if (d.batch() != null) o.put("batch", d.batch());
        o.put("systemPrompt", d.systemPrompt());
        o.put("file", d.file().toString());
        o.put("source", d.source().name());
    }

    @Override
    public AgentDefinition read(JsonNode o) {
        return new AgentDefinition(o.get("name").asString(), o.get("description").asString(),
                o.has("tools") ? strings(o.get("tools")) : null, o.has("model") ? o.get("model").asString() : null,
                strings(o.get("keywords")), o.get("priority").asInt(),
                o.has("maxOutputTokens") ? o.get("maxOutputTokens").asInt() : null,
                o.has("temperature") ? o.get("temperature").asDouble() : null,
                o.has("cache") ? o.get("cache").asBoolean() : null, o.has("batch") ? o.get("batch").asBoolean() : null,
                o.get("systemPrompt").asString(), Path.of(o.get("file").asString()),
                AgentDefinition.Source.valueOf(o.get("source").asString()));
    }

    private static void strings(ArrayNode a, List<String> values) {
        for (String v : values) a.add(v);
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a != null) for (JsonNode n : a) out.add(n.asString());
        return out;
    }
}
