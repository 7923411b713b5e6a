package dev.tern.embed.index;

import java.util.Arrays;

/**
 * id to slot, without boxing: open addressing with linear probing over a {@code long[]} of keys and an
 * {@code int[]} of values (-1 marks a free cell), deletion by backward shift (no tombstones). A lookup
 * touches one or two cache lines where a {@code HashMap<Long, Integer>} touches four (table, node,
 * boxed key, boxed value): the re-rank of a few hundred prefilter candidates is mostly these lookups.
 * Not thread-safe (the index's lock guards it). Values must be non-negative.
 */
final class LongIntMap {

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    LongIntMap() {
        allocate(16);
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, or -1. */
    int get(long key) {
        for (int i = index(key); ; i = (i + 1) & mask) {
            int v = values[i];
            if (v < 0) {
                return -1;
            }
            if (keys[i] == key) {
                return v;
            }
        }
    }

    void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            rehash((mask + 1) * 2);
        }
        for (int i = index(key); ; i = (i + 1) & mask) {
            if (values[i] < 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    /** Removes {@code key}; returns its value, or -1 if it was absent. */
    int remove(long key) {
        int i = index(key);
        while (true) {
            int v = values[i];
            if (v < 0) {
                return -1;
            }
            if (keys[i] == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        int removed = values[i];
        // backward shift: move later entries of the probe run into the hole when their home allows it
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] >= 0; j = (j + 1) & mask) {
            int home = index(keys[j]);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = -1;
        size--;
        return removed;
    }

    private int index(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(capacity);
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] >= 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, -1);
        mask = capacity - 1;
    }

    /** Bytes of the two arrays. */
    long memoryBytes() {
        return (mask + 1) * 12L;
    }
}
