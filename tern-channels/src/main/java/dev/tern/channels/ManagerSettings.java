package dev.tern.channels;

import java.time.Duration;

/**
 * The manager's knobs, the same for every channel.
 *
 * @param queueCapacity      messages a channel may have queued or in a turn before its receiver waits
 * @param maxConcurrentTurns turns of one channel running at once (different chats)
 * @param seenCapacity       message ids remembered per channel for de-duplication
 * @param retry              send retries
 * @param sendProgress       send the model's intermediate text (nanobot {@code channels.sendProgress})
 * @param sendToolHints      send tool-call hints (nanobot {@code channels.sendToolHints})
 * @param drainTimeout       how long close() lets running turns finish
 */
record ManagerSettings(int queueCapacity, int maxConcurrentTurns, int seenCapacity, SendRetry retry,
                       boolean sendProgress, boolean sendToolHints, Duration drainTimeout) { }
