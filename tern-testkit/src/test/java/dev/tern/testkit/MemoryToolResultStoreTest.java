package dev.tern.testkit;

import dev.tern.cache.MemoryToolResultStore;
import dev.tern.cache.ToolResultStore;

/** The embedded tool-result store passes its conformance suite. */
class MemoryToolResultStoreTest extends ToolResultStoreContract {
    @Override protected ToolResultStore store(long maxBytes) { return new MemoryToolResultStore(maxBytes); }
}
