package dev.tern.embed.index;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Phase 1 of a search over a range of blocks: int8 scores, each with a rigorous error bound, give
 * every vector an interval [lower, upper] that contains its exact cosine. The part keeps the k best
 * lower bounds (a min-heap: its root is a running threshold) and every vector whose upper bound
 * reaches that threshold (the candidates). A vector outside the candidates has an upper bound below
 * the k-th best lower bound, so it cannot be in the exact top k: the re-rank of the candidates with
 * float vectors returns the exact top k.
 */
final class ScanPart {

    private final int k;
    private final float[] heap;
    private int heapSize;
    int[] slots = new int[64];
    float[] uppers = new float[64];
    int candidates;
    long scanned;

    ScanPart(int k) {
        this.k = k;
        this.heap = new float[k];
    }

    /**
     * @param slack per unit of scale: the worst float rounding of an int8 score (|q|_1 * 127 * dim * 2^-23)
     */
    void run(List<Block> blocks, int from, int to, int lastCount, float[] q, float slack, LongPredicate filter) {
        float[] acc = new float[Block.SIZE];
        float[] upper = new float[Block.SIZE];
        float threshold = Float.NEGATIVE_INFINITY;
        for (int b = from; b < to; b++) {
            Block block = blocks.get(b);
            int count = b == blocks.size() - 1 ? lastCount : Block.SIZE;
            block.score(q, acc);
            scanned += count;
            float[] scale = block.scale;
            float[] error = block.error;
            // vectorised: every slot's upper bound; the loop below mostly compares and moves on
            for (int i = 0; i < Block.SIZE; i++) {
                upper[i] = scale[i] * acc[i] + (error[i] + scale[i] * slack);
            }
            int base = b * Block.SIZE;
            for (int i = 0; i < count; i++) {
                if (upper[i] < threshold) {
                    continue;
                }
                if (filter != null && !filter.test(block.ids[i])) {
                    continue;
                }
                addCandidate(base + i, upper[i]);
                float approx = scale[i] * acc[i];
                float lower = approx - (error[i] + scale[i] * slack);
                if (heapSize < k) {
                    push(lower);
                    if (heapSize == k) {
                        threshold = heap[0];
                    }
                } else if (lower > heap[0]) {
                    replaceRoot(lower);
                    threshold = heap[0];
                }
            }
        }
    }

    private void addCandidate(int slot, float upper) {
        if (candidates == slots.length) {
            slots = Arrays.copyOf(slots, candidates * 2);
            uppers = Arrays.copyOf(uppers, candidates * 2);
        }
        slots[candidates] = slot;
        uppers[candidates] = upper;
        candidates++;
    }

    /** The lower bounds kept (the part's best k). */
    float[] lowers() {
        return Arrays.copyOf(heap, heapSize);
    }

    private void push(float v) {
        int i = heapSize++;
        heap[i] = v;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= heap[i]) {
                break;
            }
            float t = heap[parent];
            heap[parent] = heap[i];
            heap[i] = t;
            i = parent;
        }
    }

    private void replaceRoot(float v) {
        heap[0] = v;
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= heapSize) {
                break;
            }
            int smallest = l + 1 < heapSize && heap[l + 1] < heap[l] ? l + 1 : l;
            if (heap[i] <= heap[smallest]) {
                break;
            }
            float t = heap[smallest];
            heap[smallest] = heap[i];
            heap[i] = t;
            i = smallest;
        }
    }
}
