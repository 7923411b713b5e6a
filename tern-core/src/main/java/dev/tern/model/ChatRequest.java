package dev.tern.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One model call, provider-neutral.
 *
 * @param model           the model id as the provider knows it
 * @param messages        the conversation, system message first if any
 * @param tools           the tools the model may call, in a stable order
 * @param maxOutputTokens upper bound of generated tokens, or null for the provider default
 * @param temperature     sampling temperature, or null for the provider default
 * @param toolChoice      AUTO (default), NONE, REQUIRED, or a tool name via {@link #forcedTool}
 * @param forcedTool      when toolChoice is TOOL, the tool the model must call; else null
 * @param cacheKey        a stable key for the provider's prompt cache (the session id), or null
 * @param caching         prompt-caching hints (Anthropic breakpoints, TTL); {@link PromptCaching#NONE} for none
 * @param thinking        extended-thinking budget in tokens, 0 for off
 * @param metadata        free-form tags carried to listeners and metrics (agent, session, purpose); never sent
 */
public record ChatRequest(
        String model,
        List<Message> messages,
        List<ToolSpec> tools,
        Integer maxOutputTokens,
        Double temperature,
        ToolChoice toolChoice,
        String forcedTool,
        String cacheKey,
        PromptCaching caching,
        int thinking,
        Map<String, String> metadata) {

    public enum ToolChoice { AUTO, NONE, REQUIRED, TOOL }

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
        caching = caching == null ? PromptCaching.NONE : caching;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (toolChoice == ToolChoice.TOOL && forcedTool == null) {
            throw new IllegalArgumentException("toolChoice TOOL needs forcedTool");
        }
    }

    public static Builder builder(String model) { return new Builder(model); }

    public Builder toBuilder() {
        return new Builder(model).messages(messages).tools(tools).maxOutputTokens(maxOutputTokens)
                .temperature(temperature).toolChoice(toolChoice, forcedTool).cacheKey(cacheKey)
                .caching(caching).thinking(thinking).metadata(metadata);
    }

    public ChatRequest withModel(String other) { return toBuilder().model(other).build(); }

    public ChatRequest withMessages(List<Message> other) { return toBuilder().messages(other).build(); }

    /** Mutable builder; the built request is immutable. */
    public static final class Builder {
        private String model;
        private List<Message> messages = List.of();
        private List<ToolSpec> tools = List.of();
        private Integer maxOutputTokens;
        private Double temperature;
        private ToolChoice toolChoice = ToolChoice.AUTO;
        private String forcedTool;
        private String cacheKey;
        private PromptCaching caching = PromptCaching.NONE;
        private int thinking;
        private Map<String, String> metadata = Map.of();

        private Builder(String model) { this.model = model; }

        public Builder model(String v) { this.model = v; return this; }
        public Builder messages(List<Message> v) { this.messages = v; return this; }
        public Builder tools(List<ToolSpec> v) { this.tools = v; return this; }
        public Builder maxOutputTokens(Integer v) { this.maxOutputTokens = v; return this; }
        public Builder temperature(Double v) { this.temperature = v; return this; }
        public Builder toolChoice(ToolChoice v, String tool) { this.toolChoice = v; this.forcedTool = tool; return this; }
        public Builder cacheKey(String v) { this.cacheKey = v; return this; }
        public Builder caching(PromptCaching v) { this.caching = v; return this; }
        public Builder thinking(int budgetTokens) { this.thinking = budgetTokens; return this; }
        public Builder metadata(Map<String, String> v) { this.metadata = v; return this; }

        public ChatRequest build() {
            return new ChatRequest(model, messages, tools, maxOutputTokens, temperature, toolChoice,
                    forcedTool, cacheKey, caching, thinking, metadata);
        }
    }
}
