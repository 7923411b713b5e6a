package dev.tern.orchestration.routing;

import dev.tern.embed.Embedder;
import dev.tern.embed.cache.CacheOptions;
import dev.tern.embed.cache.CachingEmbedder;
import java.nio.file.Path;

/** The embedder routing uses in a workspace: the model behind a content-hash cache kept on disk. */
public final class Embeddings {

    private Embeddings() { }

    /** The workspace's embedding cache folder ({@code .tern/cache/embeddings}). */
    public static Path cacheDir(Path workspace) { return workspace.resolve(".tern").resolve("cache").resolve("embeddings"); }

    /**
     * {@code model} behind a memory and disk cache keyed by content hash: agent descriptions are embedded
     * once, then read back at every later start. Closing it closes {@code model}.
     */
    public static CachingEmbedder cached(Path workspace, Embedder model) {
        return new CachingEmbedder(model, CacheOptions.withDisk(cacheDir(workspace)));
    }

    /** {@code model} behind a memory-only cache (for tasks: nothing written to disk per routed task). */
    public static CachingEmbedder inMemory(Embedder model) {
        return new CachingEmbedder(model, CacheOptions.memoryOnly().withMaxMemoryBytes(4L << 20));
    }

    /** The router of a workspace: descriptions cached on disk, tasks in memory, one shared model. */
    public static Router router(Path workspace, java.util.function.Supplier<dev.tern.orchestration.agents.AgentCatalog> agents,
                                java.util.function.Supplier<Embedder> model) {
        Embedder[] shared = new Embedder[1];
        java.util.function.Supplier<Embedder> once = () -> {
            synchronized (shared) {
                if (shared[0] == null) shared[0] = model.get();
                return shared[0];
            }
        };
        return new Router(agents, () -> cached(workspace, once.get()), () -> inMemory(once.get()));
    }
}
