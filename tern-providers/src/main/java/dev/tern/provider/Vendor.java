package dev.tern.provider;

import dev.tern.http.HttpTransport;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;

import java.util.Locale;

/** The wire formats Tern speaks, each with its provider class. */
public enum Vendor {
    /** OpenAI Chat Completions, and every server compatible with it (vLLM, Ollama, OpenRouter, LiteLLM). */
    OPENAI("openai"),
    /** Anthropic Messages. */
    ANTHROPIC("anthropic");

    private final String id;

    Vendor(String id) { this.id = id; }

    /** "openai", "anthropic": the prefix of explicit model names ({@code openai:gpt-4o}). */
    public String id() { return id; }

    public HttpModelProvider create(HttpTransport transport, ProviderConfig config) {
        return switch (this) {
            case OPENAI -> new OpenAiProvider(transport, config);
            case ANTHROPIC -> new AnthropicProvider(transport, config);
        };
    }

    /** The vendor named {@code id} ("openai", "anthropic"; case-insensitive), or null. */
    public static Vendor byId(String id) {
        String v = id.toLowerCase(Locale.ROOT);
        for (Vendor x : values()) if (x.id.equals(v)) return x;
        return null;
    }
}
