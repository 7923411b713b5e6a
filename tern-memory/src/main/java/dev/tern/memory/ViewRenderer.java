package dev.tern.memory;

import dev.tern.memory.facts.FactDraft;
import dev.tern.memory.store.StoreException;
import dev.tern.memory.view.MemoryView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps MEMORY.md in step with the facts without making writers wait for it: a change marks the view
 * dirty and one background virtual thread renders it, so a burst of writes costs one render. Before
 * each render, hand edits of the file are applied to the store (so they are never overwritten).
 * {@link #flush} waits for the file to be current and reports a render that failed.
 */
final class ViewRenderer {

    private final MemoryView view;
    private final LongTermMemory memory;
    private final Clock clock;
    private final Object lock = new Object();
    private boolean dirty;
    private boolean running;
    private RuntimeException failure;

    ViewRenderer(MemoryView view, LongTermMemory memory, Clock clock) {
        this.view = view;
        this.memory = memory;
        this.clock = clock;
    }

    void request() {
        if (view == null) return;
        synchronized (lock) {
            dirty = true;
            if (running) return;
            running = true;
        }
        Thread.ofVirtual().name("memory-view").start(this::loop);
    }

    boolean mayHaveChanged() {
        return view != null && view.mayHaveChanged();
    }

    void flush() {
        if (view == null) return;
        RuntimeException f;
        synchronized (lock) {
            while (running || dirty) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while writing MEMORY.md", e);
                }
            }
            f = failure;
            failure = null;
        }
        if (f != null) throw new StoreException("cannot write memory/MEMORY.md: " + f.getMessage(), f);
    }

    private void loop() {
        while (true) {
            synchronized (lock) {
                if (!dirty) {
                    running = false;
                    lock.notifyAll();
                    return;
                }
                dirty = false;
            }
            try {
                applyEdits();
                view.render(clock.instant());
            } catch (RuntimeException e) {
                synchronized (lock) {
                    failure = e;
                }
            }
        }
    }

    /** Hand edits of MEMORY.md become store changes (through the writers that do not request a render). */
    private void applyEdits() {
        MemoryView.Edits edits = view.edits();
        if (edits.isEmpty()) return;
        Instant now = clock.instant();
        String source = edits.legacy() ? "MEMORY.md" : "MEMORY.md edit";
        List<FactDraft> drafts = new ArrayList<>();
        for (MemoryView.Added a : edits.added()) drafts.add(new FactDraft(a.text(), a.subject(), null, 1.0, source, null, now, null, null));
        for (Map.Entry<Long, String> c : edits.changed().entrySet()) {
            drafts.add(new FactDraft(c.getValue(), null, null, 1.0, source, null, now, null, c.getKey()));
        }
        memory.store(drafts);
        if (!edits.removed().isEmpty()) memory.delete(edits.removed());
    }
}
