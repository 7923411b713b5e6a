package dev.tern.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The heap's live data: each heap pool's occupancy right after its latest collection ({@code getCollectionUsage}), not
 * {@code getUsed}, which also counts what any thread allocated since (the tracker's 10 000-record ring read anywhere from
 * -2.0 to +2.0 MiB "above the start" with it).
 */
final class LiveHeap {

    private LiveHeap() { }

    /** Bytes in use right after the latest collection of each heap pool. */
    static long bytes() {
        long live = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) live += p.getCollectionUsage().getUsed();
        }
        return live;
    }

    /** {@link #bytes} after {@code collections} full collections. */
    static long afterFullGc(int collections) {
        for (int i = 0; i < collections; i++) System.gc();
        return bytes();
    }
}
