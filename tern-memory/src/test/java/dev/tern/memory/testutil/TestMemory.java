package dev.tern.memory.testutil;

import dev.tern.embed.onnx.OnnxEmbedder;
import dev.tern.memory.WorkspaceMemory;
import dev.tern.memory.recall.RecallOptions;
import dev.tern.memory.runs.AgentMemory;
import dev.tern.memory.vector.Embeddings;
import dev.tern.tokens.TokenCounter;
import dev.tern.tokens.Tokenizers;
import java.nio.file.Path;
import java.time.Clock;

/** Opens real workspace memory for tests: SQLite file in a temp dir, the real local embedding model (or none). */
public final class TestMemory {

    private static final TokenCounter TOKENS = new Tokenizers().forModel("gpt-4o-mini");

    private TestMemory() { }

    public static TokenCounter tokens() { return TOKENS; }

    public static Embeddings localEmbeddings() {
        return Embeddings.of(new OnnxEmbedder());
    }

    public static WorkspaceMemory open(Path workspace, Embeddings embeddings, Clock clock) {
        return WorkspaceMemory.open(workspace, new WorkspaceMemory.Options(embeddings, RecallOptions.DEFAULT,
                AgentMemory.Options.DEFAULT, TOKENS, clock));
    }
}
