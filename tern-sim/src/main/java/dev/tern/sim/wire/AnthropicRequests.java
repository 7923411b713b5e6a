package dev.tern.sim.wire;

import dev.tern.sim.engine.PromptCache;
import dev.tern.sim.engine.Tokens;
import dev.tern.sim.engine.Turn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Parses and validates Anthropic Messages requests like the real API does. */
final class AnthropicRequests {

    static final int MAX_BREAKPOINTS = 4;

    private AnthropicRequests() { }

    /** @param requireMaxTokens false for {@code count_tokens}, which takes no {@code max_tokens} */
    static ParsedChat parse(byte[] body, boolean requireMaxTokens) throws WireError {
        JsonNode root = SimJson.tryParse(body);
        if (root == null || !root.isObject()) throw WireError.invalid("There was an error parsing the body of your "
                + "request: it is not a JSON object.");
        JsonNode model = root.get("model");
        if (model == null || !model.isString() || model.stringValue().isBlank()) throw WireError.invalid("model: Field required");
        JsonNode maxTokens = root.get("max_tokens");
        boolean hasMax = maxTokens != null && !maxTokens.isNull();
        if (!hasMax && requireMaxTokens) throw WireError.invalid("max_tokens: Field required");
        if (hasMax && (!maxTokens.isIntegralNumber() || maxTokens.asInt() < 1))
            throw WireError.invalid("max_tokens: Input should be a valid integer greater than or equal to 1");
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) throw WireError.invalid("messages: Field required");
        if (!messages.isArray()) throw WireError.invalid("messages: Input should be a valid list");
        if (messages.isEmpty()) throw WireError.invalid("messages: at least one message is required");
        List<PromptCache.Block> blocks = new ArrayList<>();
        JsonNode tools = root.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) throw WireError.invalid("tools: Input should be a valid list");
            for (int i = 0; i < tools.size(); i++) blocks.add(block("", tools.get(i), "tools." + i));
        }
        JsonNode system = root.get("system");
        String systemText = "";
        if (system != null && !system.isNull()) {
            if (system.isString()) blocks.add(new PromptCache.Block(("system:" + system.stringValue())
                    .getBytes(StandardCharsets.UTF_8), false, null));
            else if (system.isArray()) {
                for (int i = 0; i < system.size(); i++) blocks.add(block("system:", system.get(i), "system." + i));
            } else throw WireError.invalid("system: Input should be a valid string or list of text blocks");
            systemText = SimJson.contentText(system);
        }
        List<Turn> turns = turns(messages, blocks);
        long breakpoints = blocks.stream().filter(PromptCache.Block::breakpoint).count();
        if (breakpoints > MAX_BREAKPOINTS) throw WireError.invalid("A maximum of " + MAX_BREAKPOINTS
                + " blocks with cache_control may be provided. Found " + breakpoints + ".");
        String modelName = model.stringValue();
        boolean stream = root.path("stream").asBoolean(false);
        List<PromptCache.Block> frozen = List.copyOf(blocks);
        long input = 0;
        for (PromptCache.Block b : frozen) input += Tokens.ofBytes(b.bytes().length);
        return new ParsedChat(modelName, stream, false, hasMax ? maxTokens.asInt() : null, systemText, turns, input,
                cache -> cache.anthropic(modelName, frozen));
    }

    private static List<Turn> turns(JsonNode messages, List<PromptCache.Block> blocks) throws WireError {
        List<Turn> turns = new ArrayList<>();
        Set<String> openToolUses = new LinkedHashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asString("");
            if (role.equals("system")) throw WireError.invalid("messages: Unexpected role \"system\". The Messages API "
                    + "accepts a top-level `system` parameter, not \"system\" as an input message role.");
            if (!role.equals("user") && !role.equals("assistant"))
                throw WireError.invalid("messages." + i + ".role: Input should be 'user' or 'assistant'");
            JsonNode content = m.get("content");
            if (content == null || content.isNull()) throw WireError.invalid("messages." + i + ".content: Field required");
            List<JsonNode> parts = new ArrayList<>();
            if (content.isString()) {
                ObjectNode text = SimJson.object();
                text.put("type", "text");
                text.put("text", content.stringValue());
                parts.add(text);
            } else if (content.isArray()) {
                content.forEach(parts::add);
            } else throw WireError.invalid("messages." + i + ".content: Input should be a valid string or list");
            Set<String> answered = new LinkedHashSet<>();
            List<Turn.Call> calls = new ArrayList<>();
            List<Turn.Result> results = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < parts.size(); k++) {
                JsonNode b = parts.get(k);
                String where = "messages." + i + ".content." + k;
                blocks.add(block(role + ":", b, where));
                String type = b.path("type").asString("");
                switch (type) {
                    case "text" -> {
                        if (!text.isEmpty()) text.append('\n');
                        text.append(b.path("text").asString(""));
                    }
                    case "tool_use" -> {
                        if (!role.equals("assistant")) throw WireError.invalid(where + ": tool_use blocks are only "
                                + "allowed in assistant messages");
                        String id = b.path("id").asString("");
                        if (id.isEmpty()) throw WireError.invalid(where + ".id: Field required");
                        calls.add(new Turn.Call(id, b.path("name").asString("")));
                    }
                    case "tool_result" -> {
                        String id = b.path("tool_use_id").asString("");
                        if (!openToolUses.contains(id)) throw WireError.invalid(where + ": unexpected `tool_use_id` "
                                + "found in `tool_result` blocks: " + id + ". Each `tool_result` block must have a "
                                + "corresponding `tool_use` block in the previous message.");
                        answered.add(id);
                        results.add(new Turn.Result(id, SimJson.contentText(b.get("content"))));
                    }
                    case "thinking" -> {
                        String signature = b.path("signature").asString("");
                        if (!signature.equals(AnthropicDialect.signature(b.path("thinking").asString(""))))
                            throw WireError.invalid(where + ": Invalid `signature` in `thinking` block");
                    }
                    case "" -> throw WireError.invalid(where + ".type: Field required");
                    default -> { /* image, document, redacted_thinking, ...: context only */ }
                }
            }
            if (!openToolUses.isEmpty() && !answered.containsAll(openToolUses)) {
                openToolUses.removeAll(answered);
                throw WireError.invalid("messages." + i + ": `tool_use` ids were found without `tool_result` blocks "
                        + "immediately after: " + String.join(", ", openToolUses) + ". Each `tool_use` block must have "
                        + "a corresponding `tool_result` block in the next message.");
            }
            openToolUses.clear();
            calls.forEach(c -> openToolUses.add(c.id()));
            if (role.equals("assistant")) turns.add(new Turn(Turn.Kind.ASSISTANT, text.toString(), calls, List.of()));
            else if (!results.isEmpty()) turns.add(new Turn(Turn.Kind.TOOL, text.toString(), List.of(), results));
            else turns.add(Turn.user(text.toString()));
        }
        return turns;
    }

    /** Canonical cache unit: the block without {@code cache_control}, prefixed by its section/role. */
    private static PromptCache.Block block(String prefix, JsonNode node, String where) throws WireError {
        if (node == null || !node.isObject()) throw WireError.invalid(where + ": Input should be an object");
        JsonNode cc = node.get("cache_control");
        boolean breakpoint = cc != null && !cc.isNull();
        Duration ttl = null;
        JsonNode canonical = node;
        if (breakpoint) {
            if (!"ephemeral".equals(cc.path("type").asString("")))
                throw WireError.invalid(where + ".cache_control.type: Input should be 'ephemeral'");
            String t = cc.path("ttl").asString("5m");
            ttl = switch (t) {
                case "5m" -> Duration.ofMinutes(5);
                case "1h" -> Duration.ofHours(1);
                default -> throw WireError.invalid(where + ".cache_control.ttl: Input should be '5m' or '1h'");
            };
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            copy.remove("cache_control");
            canonical = copy;
        }
        byte[] json = SimJson.bytes(canonical);
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[p.length + json.length];
        System.arraycopy(p, 0, bytes, 0, p.length);
        System.arraycopy(json, 0, bytes, p.length, json.length);
        return new PromptCache.Block(bytes, breakpoint, ttl);
    }
}
