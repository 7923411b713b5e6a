/**
 * Not API: the machinery the providers share. Public only so the provider packages can use it.
 *
 * <ul>
 *   <li>{@link dev.tern.provider.internal.ProviderHttp}: the request loop (limiter slot, send on the
 *       transport, error mapping, retries that stop once output reached the listener, the run's
 *       cancellation honoured in every phase).</li>
 *   <li>{@link dev.tern.provider.internal.RateLimiter}: a fair semaphore per provider plus a shared
 *       "not before" instant moved by 429/529 answers and exhausted rate-limit headers
 *       ({@link dev.tern.provider.internal.RateLimitHeaders}), so callers back off together.</li>
 *   <li>{@link dev.tern.provider.internal.ErrorMapper}: every failure becomes a typed
 *       {@link dev.tern.model.ModelException} with a one-line message, the key scrubbed.</li>
 *   <li>{@link dev.tern.http.SseParser} (in tern-http, shared with MCP), {@link dev.tern.provider.internal.ToolCallAccumulator},
 *       {@link dev.tern.provider.internal.JsonBody}, {@link dev.tern.provider.internal.ModelLists}: wire
 *       helpers.</li>
 * </ul>
 */
package dev.tern.provider.internal;
