package dev.tern.testkit;

import dev.tern.store.MemorySubagentResultStore;
import dev.tern.store.SubagentResultStore;

/** The embedded sub-agent result store passes its conformance suite. */
class MemorySubagentResultStoreTest extends SubagentResultStoreContract {
    @Override protected SubagentResultStore store() { return new MemorySubagentResultStore(); }
}
