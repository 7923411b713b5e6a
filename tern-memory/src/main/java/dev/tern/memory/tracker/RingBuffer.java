package dev.tern.memory.tracker;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} items added, oldest dropped first. Thread-safe; memory is fixed by the capacity. */
final class RingBuffer<T> {

    private final Object[] items;
    private int next;
    private long added;

    RingBuffer(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.items = new Object[capacity];
    }

    synchronized void add(T item) {
        items[next] = item;
        next = (next + 1) % items.length;
        added++;
    }

    /** Adds older items in front of the ones present, as far as room allows (oldest first in {@code older}). */
    synchronized void prepend(List<T> older) {
        List<T> now = snapshotUnlocked();
        int room = items.length - now.size();
        if (room <= 0 || older.isEmpty()) return;
        List<T> merged = new ArrayList<>(older.subList(Math.max(0, older.size() - room), older.size()));
        merged.addAll(now);
        java.util.Arrays.fill(items, null);
        for (int i = 0; i < merged.size(); i++) items[i] = merged.get(i);
        next = merged.size() % items.length;
        added += merged.size() - now.size();
    }

    /** The items, oldest first. */
    synchronized List<T> snapshot() { return snapshotUnlocked(); }

    @SuppressWarnings("unchecked")
    private List<T> snapshotUnlocked() {
        int size = size();
        List<T> out = new ArrayList<>(size);
        int start = size < items.length ? 0 : next;
        for (int i = 0; i < size; i++) out.add((T) items[(start + i) % items.length]);
        return out;
    }

    synchronized int size() { return (int) Math.min(added, items.length); }

    int capacity() { return items.length; }

    /** Items ever added (including those dropped since). */
    synchronized long added() { return added; }
}
