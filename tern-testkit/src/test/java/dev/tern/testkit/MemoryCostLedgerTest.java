package dev.tern.testkit;

import dev.tern.cost.CostLedger;
import dev.tern.cost.MemoryCostLedger;

/** The embedded cost ledger passes its conformance suite. */
class MemoryCostLedgerTest extends CostLedgerContract {
    @Override protected CostLedger ledger() { return new MemoryCostLedger(); }
}
