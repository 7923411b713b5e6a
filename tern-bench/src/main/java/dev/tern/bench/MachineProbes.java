package dev.tern.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Both speed probes of this shared VM, taken together between the batches of a scenario: {@link CoreSpeed}'s loop in L2
 * and {@link MemorySpeed}'s pointer chase over 64 MiB, recorded as the section's notes.
 *
 * <p>Why both: in the twenty-third session the ONNX model's CPU per text moved from 1.44 to 1.9 ms within an hour on one
 * host while the core-speed probe read the same 65-70 ms. Over 60 alternating rounds (a model round of 300 texts, then
 * each probe), the model's CPU per text followed the memory probe (correlation 0.54; 74-77 ms read with 1.57-1.68 ms
 * per text, ~90 ms with ~1.95 ms) more than the core-speed probe (0.33): another tenant's use of the shared caches and
 * memory slows the model's matrix work, not a loop that stays in L2. A comparison shows both probes' ratios.
 */
final class MachineProbes {

    private final CoreSpeed core = new CoreSpeed();
    private MemorySpeed memory = new MemorySpeed();
    private final List<Double> coreProbes = new ArrayList<>(), memoryProbes = new ArrayList<>();

    /** Takes both probes (while the scenario's own threads are idle). */
    void take() {
        if (memory == null) throw new IllegalStateException("the probes' notes were already written");
        coreProbes.add(core.probeMillis());
        memoryProbes.add(memory.probeMillis());
    }

    /**
     * Adds both probes' notes and lets the memory probe's 64 MiB buffer go, so a heap figure measured after this does
     * not count it.
     */
    BenchReport.Builder notes(BenchReport.Builder b) {
        memory = null;
        if (coreProbes.isEmpty()) return b;
        return b.note(CoreSpeed.note(Spread.of(coreProbes))).note(MemorySpeed.note(Spread.of(memoryProbes)));
    }
}
