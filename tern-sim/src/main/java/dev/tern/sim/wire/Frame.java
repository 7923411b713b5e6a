package dev.tern.sim.wire;

/**
 * One SSE event of a streamed answer.
 *
 * @param bytes  the complete event text ("data: ...\n\n")
 * @param tokens output tokens this event carries (drives latency, stalls and resets)
 */
public record Frame(byte[] bytes, int tokens) { }
