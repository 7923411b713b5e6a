/**
 * Batch APIs for work that can wait (Anthropic Message Batches, the OpenAI Batch API): one
 * vendor-free interface ({@link dev.tern.batch.BatchApi}), its records, and polling with backoff that
 * honours a run's cancellation ({@link dev.tern.batch.BatchPolling}). The vendors' implementations
 * live in {@code tern-providers} ({@code dev.tern.provider.batch}); the gateway sends calls tagged
 * {@code batch=true} through them, and the cost meter applies the batch discount.
 */
package dev.tern.batch;
