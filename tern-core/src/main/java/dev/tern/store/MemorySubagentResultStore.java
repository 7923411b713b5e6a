package dev.tern.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The embedded {@link SubagentResultStore}: one queue per parent session, in memory. */
public final class MemorySubagentResultStore implements SubagentResultStore {

    private final Map<String, ConcurrentLinkedQueue<Result>> queues = new ConcurrentHashMap<>();

    @Override
    public void deliver(Result result) {
        queues.computeIfAbsent(result.parentSession(), k -> new ConcurrentLinkedQueue<>()).add(result);
    }

    @Override
    public List<Result> drain(String parentSession) {
        ConcurrentLinkedQueue<Result> q = queues.get(parentSession == null ? "" : parentSession);
        if (q == null) return List.of();
        List<Result> out = new ArrayList<>();
        for (Result r; (r = q.poll()) != null; ) out.add(r);
        return out;
    }

    @Override
    public int pending(String parentSession) {
        ConcurrentLinkedQueue<Result> q = queues.get(parentSession == null ? "" : parentSession);
        return q == null ? 0 : q.size();
    }
}
