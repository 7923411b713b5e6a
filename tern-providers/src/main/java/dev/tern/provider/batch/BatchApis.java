package dev.tern.provider.batch;

import dev.tern.batch.BatchApi;
import dev.tern.model.ModelException;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.http.HttpTransport;
import dev.tern.provider.openai.OpenAiProvider;
import java.util.Locale;
import java.util.Map;

/** Picks a batch API the way {@code Providers} picks a provider: Anthropic for Claude models when configured, else OpenAI. */
public final class BatchApis {

    private BatchApis() { }

    /**
     * @param model the model the batch is for (null: whichever vendor is configured, OpenAI first)
     * @param env   the environment (OPENAI_*, ANTHROPIC_*)
     * @throws ModelException AUTHENTICATION when neither vendor is configured
     */
    public static BatchApi forModel(HttpTransport transport, String model, Map<String, String> env) {
        boolean anthropic = set(env, "ANTHROPIC_API_KEY") || set(env, "ANTHROPIC_BASE_URL");
        boolean openai = set(env, "OPENAI_API_KEY") || set(env, "OPENAI_BASE_URL");
        if (!anthropic && !openai) {
            throw new ModelException(ModelException.Kind.AUTHENTICATION, "none",
                    "no batch API configured: set OPENAI_API_KEY (and OPENAI_BASE_URL) or ANTHROPIC_API_KEY");
        }
        boolean claude = model != null && model.toLowerCase(Locale.ROOT).contains("claude");
        if (anthropic && (claude || !openai)) return anthropic(transport, env);
        return openai(transport, env);
    }

    /** The vendor that owns a batch id: Anthropic's start with {@code msgbatch_}. */
    public static BatchApi forBatchId(HttpTransport transport, String batchId, Map<String, String> env) {
        return batchId.startsWith("msgbatch_") ? anthropic(transport, env) : openai(transport, env);
    }

    public static BatchApi openai(HttpTransport transport, Map<String, String> env) {
        return new OpenAiBatchApi(transport, OpenAiProvider.configFromEnv(env));
    }

    public static BatchApi anthropic(HttpTransport transport, Map<String, String> env) {
        return new AnthropicBatchApi(transport, AnthropicProvider.configFromEnv(env));
    }

    private static boolean set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
