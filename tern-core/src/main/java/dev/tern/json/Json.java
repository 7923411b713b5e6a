package dev.tern.json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the process (Jackson 3 mappers are immutable and thread-safe). */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() { }

    public static JsonNode parse(String json) throws JacksonException { return MAPPER.readTree(json); }

    public static String write(Object value) { return MAPPER.writeValueAsString(value); }

    public static ObjectNode object() { return MAPPER.createObjectNode(); }
}
