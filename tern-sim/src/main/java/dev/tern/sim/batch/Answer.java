package dev.tern.sim.batch;

/**
 * A batch item's answer, as the API would have answered the same request.
 *
 * @param status          HTTP status
 * @param body            JSON body: the completion or the API's error
 * @param requestId       request id of the answer
 * @param inputTokens     input tokens (all, cached included)
 * @param cachedTokens    input tokens read from the prompt cache
 * @param outputTokens    output tokens
 * @param reasoningTokens thinking tokens within the output
 */
public record Answer(int status, byte[] body, String requestId, long inputTokens, long cachedTokens, long outputTokens,
                     long reasoningTokens) {

    public static Answer error(int status, byte[] body, String requestId) {
        return new Answer(status, body, requestId, 0, 0, 0, 0);
    }

    public boolean ok() { return status == 200; }
}
