/**
 * The HTTP machinery every provider shares.
 *
 * <ul>
 *   <li>{@link dev.tern.provider.http.HttpTransport}: the one {@code java.net.http.HttpClient} of a
 *       runtime (HTTP/1.1 keep-alive pool, virtual-thread executor), created once and passed in.</li>
 *   <li>{@link dev.tern.provider.http.ProviderConfig}: base URL, key, connect / first-byte / idle
 *       timeouts, retry policy, concurrency limit, extra headers.</li>
 *   <li>{@link dev.tern.provider.http.ProviderHttp}: the request loop (limiter slot, send, time to
 *       headers bounded by connect + first-byte timeout, body read through
 *       {@link dev.tern.provider.http.BodyStream} whose idle watchdog turns stalls into TIMEOUT,
 *       error mapping, retries that stop once output reached the listener, draining finished bodies
 *       so connections are reused).</li>
 *   <li>{@link dev.tern.provider.http.RetryPolicy}: exponential backoff with full jitter, server
 *       hints ({@code retry-after-ms}, {@code Retry-After}) honoured up to a maximum wait.</li>
 *   <li>{@link dev.tern.provider.http.RateLimiter}: a fair semaphore per provider plus a shared
 *       "not before" instant moved by 429/529 answers and exhausted rate-limit headers
 *       ({@link dev.tern.provider.http.RateLimitHeaders}), so callers back off together.</li>
 *   <li>{@link dev.tern.provider.http.ErrorMapper}: every failure becomes a typed
 *       {@link dev.tern.model.ModelException} with a one-line message, the key scrubbed.</li>
 *   <li>{@link dev.tern.provider.http.SseParser}, {@link dev.tern.provider.http.ToolCallAccumulator},
 *       {@link dev.tern.provider.http.JsonBody}: wire helpers for the providers.</li>
 * </ul>
 */
package dev.tern.provider.http;
