package dev.tern.runtime;

import dev.tern.memory.Embedders;
import dev.tern.memory.MemoryConfig;
import dev.tern.memory.MemoryRuntime;
import dev.tern.tokens.Tokenizers;
import dev.tern.workspace.config.ConfigException;
import dev.tern.workspace.config.TernConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The memory of a workspace as its config describes it ({@code memory} section): what the runtime
 * plugs into every workspace, and what {@code tern memory} opens on its own (no provider, no API key).
 */
public final class MemoryAccess {

    private MemoryAccess() { }

    /**
     * The workspace's memory without the rest of the runtime.
     *
     * @return null when the config turns memory off
     * @throws SetupException for a bad config
     */
    public static MemoryRuntime open(RuntimeOptions o) {
        TernConfig config;
        try {
            config = ConfigSupport.load(o);
        } catch (ConfigException e) {
            throw new SetupException(e.getMessage(), e);
        }
        String model = o.model() != null ? o.model() : config.agents().model() != null ? config.agents().model() : "gpt-4o-mini";
        return create(o.workspace(), config, model, new Tokenizers(), HttpClient::newHttpClient, null);
    }

    /**
     * Memory for a workspace, or null when {@code memory.enabled} is false.
     *
     * @throws SetupException for a bad {@code memory} section
     */
    static MemoryRuntime create(Path workspace, TernConfig config, String model, Tokenizers tokenizers, Supplier<HttpClient> http,
                                Supplier<dev.tern.embed.Embedder> localEmbedder) {
        MemoryConfig memory;
        try {
            memory = MemoryConfig.parse(config.section("memory"), config.sourceName());
        } catch (ConfigException e) {
            throw new SetupException(e.getMessage(), e);
        }
        memory.warnings().forEach(w -> LOG.warning(w));
        if (!memory.enabled()) return null;
        return new MemoryRuntime(workspace, memory, () -> Embedders.fromConfig(memory, config.openai(), http, localEmbedder),
                lazyCounter(tokenizers, model), Clock.systemUTC());
    }

    /** The model's counter, loaded on the first count (a tokenizer table takes ~1 s: not while a front-end starts). */
    private static dev.tern.tokens.TokenCounter lazyCounter(Tokenizers tokenizers, String model) {
        java.util.concurrent.atomic.AtomicReference<dev.tern.tokens.TokenCounter> loaded = new java.util.concurrent.atomic.AtomicReference<>();
        return text -> {
            dev.tern.tokens.TokenCounter c = loaded.get();
            if (c == null) loaded.compareAndSet(null, c = tokenizers.forModel(model));
            return c.count(text);
        };
    }

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(MemoryAccess.class.getName());
}
