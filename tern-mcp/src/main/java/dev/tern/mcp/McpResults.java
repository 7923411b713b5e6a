package dev.tern.mcp;

import dev.tern.json.CanonicalJson;
import dev.tern.json.Json;
import dev.tern.tool.ToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns an MCP tool result into the text the model reads: text blocks joined, structured content as
 * canonical JSON (unless a text block already is JSON: MCP servers should send the serialized form of
 * their structured content as text, and the model need not read it twice), images, audio and
 * resources summarised in one line each. {@code isError} makes an error result.
 */
final class McpResults {

    private McpResults() { }

    static ToolResult toToolResult(McpSchema.CallToolResult r) {
        List<String> parts = new ArrayList<>();
        List<JsonNode> textJson = new ArrayList<>();
        for (McpSchema.Content c : r.content() == null ? List.<McpSchema.Content>of() : r.content()) {
            String part = render(c);
            if (c instanceof McpSchema.TextContent t) textJson.add(tryParse(t.text()));
            if (!part.isEmpty()) parts.add(part);
        }
        if (r.structuredContent() != null) {
            JsonNode structured = Json.MAPPER.valueToTree(r.structuredContent());
            if (!alreadyInText(structured, textJson, parts)) parts.add(CanonicalJson.write(structured));
        }
        String text = String.join("\n", parts);
        if (Boolean.TRUE.equals(r.isError())) {
            return ToolResult.error(text.isEmpty() ? "the MCP tool reported an error without a message" : text);
        }
        return ToolResult.ok(text);
    }

    private static String render(McpSchema.Content c) {
        return switch (c) {
            case McpSchema.TextContent t -> t.text() == null ? "" : t.text();
            case McpSchema.ImageContent i -> "[image: " + i.mimeType() + ", " + size(base64Bytes(i.data())) + "]";
            case McpSchema.AudioContent a -> "[audio: " + a.mimeType() + ", " + size(base64Bytes(a.data())) + "]";
            case McpSchema.ResourceLink l -> "[resource link: " + l.uri()
                    + (l.name() == null ? "" : " (" + l.name() + ")")
                    + (l.description() == null ? "" : " - " + l.description()) + "]";
            case McpSchema.EmbeddedResource e -> switch (e.resource()) {
                case McpSchema.TextResourceContents t -> "[resource " + t.uri() + "]\n" + t.text();
                case McpSchema.BlobResourceContents b -> "[resource: " + b.uri() + ", " + b.mimeType() + ", "
                        + size(base64Bytes(b.blob())) + "]";
                default -> "[resource: " + e.resource().uri() + "]";
            };
            default -> "[" + c.type() + " content]";
        };
    }

    /**
     * True when the text blocks already carry the structured content: one of them is JSON (the
     * serialized form MCP asks servers to send), or the structured content is an object of strings that
     * all appear in the text (the filesystem server's {@code {"content": <the text>}}).
     */
    private static boolean alreadyInText(JsonNode structured, List<JsonNode> textJson, List<String> parts) {
        for (JsonNode j : textJson) if (j != null) return true;
        if (!structured.isObject() || structured.isEmpty()) return false;
        String text = String.join("\n", parts);
        for (JsonNode v : structured) {
            if (!v.isString() || !text.contains(v.stringValue())) return false;
        }
        return true;
    }

    private static JsonNode tryParse(String text) {
        if (text == null) return null;
        String s = text.strip();
        if (!(s.startsWith("{") || s.startsWith("["))) return null;
        try {
            return Json.parse(s);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static long base64Bytes(String data) {
        if (data == null) return 0;
        int pad = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
        return Math.max(0, data.length() * 3L / 4 - pad);
    }

    private static String size(long b) {
        return b < 1024 ? b + " bytes" : String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
    }
}
