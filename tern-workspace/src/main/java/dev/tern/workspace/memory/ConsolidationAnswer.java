package dev.tern.workspace.memory;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ToolCall;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a consolidation call produced, read from the forced {@code save_memory} tool call or, when the
 * model answered in text instead, from JSON inside the text, from labelled sections
 * ({@code history_entry:} / {@code memory_update:}), or from the whole text as a history entry.
 *
 * @param historyEntry the paragraph for HISTORY.md, never blank
 * @param memoryUpdate the full new MEMORY.md, or null to leave it unchanged
 * @param structured   true when it came from the tool call
 * @param facts        facts extracted for long-term memory (empty when the model gave none)
 * @param relations    knowledge-graph triples extracted (empty when the model gave none)
 */
public record ConsolidationAnswer(String historyEntry, String memoryUpdate, boolean structured, List<ExtractedFact> facts,
                                  List<ExtractedRelation> relations) {

    public ConsolidationAnswer {
        facts = facts == null ? List.of() : List.copyOf(facts);
        relations = relations == null ? List.of() : List.copyOf(relations);
    }

    /** An answer without extracted facts or relations (the nanobot shape). */
    public ConsolidationAnswer(String historyEntry, String memoryUpdate, boolean structured) {
        this(historyEntry, memoryUpdate, structured, List.of(), List.of());
    }

    private static final Pattern LABELLED = Pattern.compile(
            "(?is)\\bhistory[_ ]entry\\W*?[:：]\\s*(.*?)\\s*(?:\\n[#*\\s]*memory[_ ]update\\W*?[:：]\\s*(.*))?$");

    /** Reads the answer; empty when nothing usable is in it. */
    public static Optional<ConsolidationAnswer> from(AssistantMessage answer) {
        for (ToolCall c : answer.toolCalls()) {
            if (!c.name().equals(Consolidator.TOOL_NAME)) continue;
            Optional<ConsolidationAnswer> a = fromJson(c.argumentsJson(), true);
            if (a.isPresent()) return a;
        }
        String text = answer.text().strip();
        if (text.isEmpty()) return Optional.empty();
        Optional<ConsolidationAnswer> json = jsonInText(text);
        if (json.isPresent()) return json;
        Matcher m = LABELLED.matcher(text);
        if (m.find() && !m.group(1).isBlank()) {
            String mem = m.group(2) == null || m.group(2).isBlank() ? null : m.group(2).strip();
            return Optional.of(new ConsolidationAnswer(m.group(1).strip(), mem, false));
        }
        return Optional.of(new ConsolidationAnswer(text, null, false));
    }

    private static Optional<ConsolidationAnswer> jsonInText(String text) {
        int open = text.indexOf('{');
        int close = text.lastIndexOf('}');
        if (open < 0 || close <= open) return Optional.empty();
        return fromJson(text.substring(open, close + 1), false);
    }

    private static Optional<ConsolidationAnswer> fromJson(String json, boolean structured) {
        JsonNode n;
        try {
            n = Json.parse(json);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (n.isArray() && !n.isEmpty()) n = n.get(0);
        if (!n.isObject()) return Optional.empty();
        String history = text(n.get("history_entry"));
        if (history == null) history = text(n.get("historyEntry"));
        String memory = text(n.get("memory_update"));
        if (memory == null) memory = text(n.get("memoryUpdate"));
        if (history == null || history.isBlank()) return Optional.empty();
        return Optional.of(new ConsolidationAnswer(history.strip(), memory, structured, Extraction.facts(n.get("facts")),
                Extraction.relations(n.has("relations") ? n.get("relations") : n.get("triples"))));
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull()) return null;
        return v.isString() ? v.asString() : v.toString();
    }
}
