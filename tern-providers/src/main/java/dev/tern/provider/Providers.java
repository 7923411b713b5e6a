package dev.tern.provider;

import dev.tern.model.ModelException;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.provider.http.HttpTransport;
import dev.tern.provider.openai.OpenAiProvider;

import java.util.Locale;
import java.util.Map;

/** Picks a provider from the environment, like the official SDKs (for the CLI). */
public final class Providers {

    private Providers() { }

    /**
     * Anthropic when {@code ANTHROPIC_API_KEY} (or {@code ANTHROPIC_BASE_URL}) is set and the model
     * looks like a Claude model (or no model is given and no OpenAI settings exist); OpenAI-compatible
     * otherwise.
     *
     * @param model the model id, or null when not chosen yet
     * @throws ModelException AUTHENTICATION with a one-line hint when nothing is configured
     */
    public static HttpModelProvider fromEnvironment(HttpTransport transport, String model) {
        return fromEnvironment(transport, model, System.getenv());
    }

    public static HttpModelProvider fromEnvironment(HttpTransport transport, String model, Map<String, String> env) {
        boolean anthropic = set(env, "ANTHROPIC_API_KEY") || set(env, "ANTHROPIC_BASE_URL");
        boolean openai = set(env, "OPENAI_API_KEY") || set(env, "OPENAI_BASE_URL");
        if (!anthropic && !openai) {
            throw new ModelException(ModelException.Kind.AUTHENTICATION, "none",
                    "no model provider configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for other servers) "
                            + "or ANTHROPIC_API_KEY");
        }
        boolean claude = model != null && model.toLowerCase(Locale.ROOT).contains("claude");
        if (anthropic && (claude || !openai)) {
            return new AnthropicProvider(transport, AnthropicProvider.configFromEnv(env));
        }
        return new OpenAiProvider(transport, OpenAiProvider.configFromEnv(env));
    }

    private static boolean set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
