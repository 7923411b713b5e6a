package dev.tern.llm;

/**
 * Keys of {@link dev.tern.model.ChatRequest#metadata()}: tags the caller puts on a model call for the
 * interceptors of the gateway (never sent to the provider). Values are strings; flags are
 * {@code "true"} / {@code "false"}.
 */
public final class RequestTags {

    private RequestTags() { }

    /** The agent making the call. */
    public static final String AGENT = "agent";

    /** The run the call belongs to. */
    public static final String RUN = "run";

    /**
     * {@code "true"}: the call may wait (minutes to hours) and goes through the vendor's batch API at the
     * batch discount (the cost meter and the budget price it so); an agent's {@code batch: true}.
     */
    public static final String BATCH = "batch";

    /**
     * {@code "true"} / {@code "false"}: this call opts in to (or out of) the response cache, whatever the
     * workspace default is (an agent's {@code cache: true}, set with {@code Agent.Builder.metadata}).
     */
    public static final String RESPONSE_CACHE = "cache";

    /**
     * Text the agent appended to its latest user turn that does not decide the answer (the runtime block:
     * current time, channel, chat id); the response cache leaves it out of the request's key.
     */
    public static final String VOLATILE_SUFFIX = "volatileSuffix";

    /** Whether {@code flag} is set to "true" in {@code metadata}. */
    public static boolean isTrue(java.util.Map<String, String> metadata, String flag) {
        return "true".equalsIgnoreCase(metadata.get(flag));
    }
}
