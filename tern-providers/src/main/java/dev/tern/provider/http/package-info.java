/**
 * The public configuration of the HTTP providers: {@link dev.tern.provider.http.ProviderConfig} (base
 * URL, key, connect / first-byte / idle timeouts, retry policy, concurrency limit, extra headers) and
 * {@link dev.tern.provider.http.RetryPolicy} (exponential backoff with full jitter, server hints
 * honoured up to a maximum wait). The transport under the providers is {@link dev.tern.http.HttpTransport}
 * (module tern-http); the request machinery is in {@code dev.tern.provider.internal} and not API.
 */
package dev.tern.provider.http;
