package dev.tern.testkit;

import dev.tern.store.MemoryRateLimitStore;
import dev.tern.store.RateLimitStore;

/** The embedded rate-limit store passes its conformance suite. */
class MemoryRateLimitStoreTest extends RateLimitStoreContract {
    @Override protected RateLimitStore store() { return new MemoryRateLimitStore(); }
}
