package dev.tern.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the model is: {@code --base-url} for any OpenAI-compatible server (or an Anthropic one for a
 * Claude model), {@code --api-key-env} to read the key from another variable (several accounts, CI).
 */
final class ProviderOptions {

    @Option(names = "--base-url", paramLabel = "URL", description = "the model server's base URL (OpenAI-compatible, or Anthropic for claude-* models)")
    String baseUrl;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "read the API key from this environment variable")
    String apiKeyEnv;

    @Option(names = "--no-stream", description = "ask for whole answers instead of streams (for servers whose streaming is broken)")
    boolean noStream;

    @Option(names = "--no-cache", description = "do not answer from the response cache (fresh answers still replace stored ones)")
    boolean noCache;

    /**
     * The environment the providers read, with these options applied.
     *
     * @param model the model chosen on the command line, or null
     * @throws IllegalArgumentException when {@code --api-key-env} names an unset variable or the URL is not http(s)
     */
    Map<String, String> apply(Map<String, String> env, String model) {
        if (baseUrl == null && apiKeyEnv == null) return env;
        Map<String, String> out = new HashMap<>(env);
        boolean anthropic = model != null ? model.toLowerCase(Locale.ROOT).contains("claude")
                : blank(env.get("OPENAI_API_KEY")) && blank(env.get("OPENAI_BASE_URL")) && !blank(env.get("ANTHROPIC_API_KEY"));
        String prefix = anthropic ? "ANTHROPIC" : "OPENAI";
        if (baseUrl != null) {
            if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
                throw new IllegalArgumentException("--base-url: expected an http:// or https:// URL, got " + baseUrl);
            }
            out.put(prefix + "_BASE_URL", baseUrl);
        }
        if (apiKeyEnv != null) {
            String key = env.get(apiKeyEnv);
            if (blank(key)) throw new IllegalArgumentException("--api-key-env: the environment variable " + apiKeyEnv + " is not set");
            out.put(prefix + "_API_KEY", key);
        } else if (baseUrl != null && blank(out.get(prefix + "_API_KEY"))) {
            out.put(prefix + "_API_KEY", "none"); // local servers (Ollama, vLLM) take any key
        }
        return out;
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}
