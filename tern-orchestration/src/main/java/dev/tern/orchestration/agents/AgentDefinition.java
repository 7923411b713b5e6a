package dev.tern.orchestration.agents;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One agent defined in {@code agents/<name>.md} (Tern) or {@code .claude/agents/<name>.md} (Claude
 * Code's sub-agent format, read unchanged): front matter plus a body that is the system prompt.
 *
 * @param name            unique name (front matter {@code name}, else the file name)
 * @param description     what the agent is for; listings and semantic routing use it
 * @param tools           what the agent may call, as written ({@code Read, Grep}, {@code mcp_market_*}); null = every tool
 * @param model           a model string, a tier ({@code fast}, {@code balanced}, {@code deep}), a Claude Code alias
 *                        ({@code haiku}, {@code sonnet}, {@code opus}, {@code inherit}), {@code auto}, or null for the main model
 * @param keywords        words and phrases that route a task here (keyword routing)
 * @param priority        order in listings and routing ties, lower first (default {@link #DEFAULT_PRIORITY})
 * @param maxOutputTokens output cap per model call, or null
 * @param temperature     sampling temperature, or null
 * @param cache           front matter {@code cache}: responses of this agent may be served from the response cache; null = not set
 * @param batch           front matter {@code batch}: calls may go through a provider batch API; null = not set
 * @param systemPrompt    the markdown body
 * @param file            where it was read from
 * @param source          which folder
 */
public record AgentDefinition(String name, String description, List<String> tools, String model, List<String> keywords,
                              int priority, Integer maxOutputTokens, Double temperature, Boolean cache, Boolean batch,
                              String systemPrompt, Path file, Source source) {

    public static final int DEFAULT_PRIORITY = 100;

    /** Where a definition came from. */
    public enum Source {
        /** {@code agents/} of the workspace */
        WORKSPACE,
        /** {@code .claude/agents/} of the workspace (Claude Code sub-agents) */
        CLAUDE
    }

    public AgentDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        tools = tools == null ? null : List.copyOf(tools);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
    }

    /** Tags the model gateway's interceptors read (response cache, batch APIs): only the keys that are set. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        if (cache != null) m.put("cache", cache.toString());
        if (batch != null) m.put("batch", batch.toString());
        return Map.copyOf(m);
    }

    /** The tools entry for listings: "(all)" when unrestricted. */
    public String toolsText() { return tools == null ? "(all)" : String.join(", ", tools); }
}
