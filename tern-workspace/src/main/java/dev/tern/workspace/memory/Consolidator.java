package dev.tern.workspace.memory;

import dev.tern.run.AgentListener;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.llm.ModelGateway;
import dev.tern.llm.ModelInterceptor;
import dev.tern.model.StreamListener;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;
import dev.tern.store.Session;
import dev.tern.store.SessionEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Summarises the older messages of a session into memory (nanobot's consolidation, done right):
 * when a session has more unconsolidated messages than its window (or tokens), a background virtual
 * thread — never the user's turn — asks the (cheaper) memory model, through the {@link ModelGateway},
 * to call {@code save_memory{history_entry, memory_update}}; the entry is appended to HISTORY.md,
 * MEMORY.md is replaced when it changed, the session's cursor moves, and the context builder is told
 * to re-read MEMORY.md.
 *
 * <p>It works on a snapshot: exactly messages [lastConsolidated, end) as seen when it started, so
 * messages arriving meanwhile are neither lost nor skipped. One consolidation per session at a time.
 * After {@value #MAX_FAILURES} failures in a row for a session the chunk is archived raw into
 * HISTORY.md, so nothing is ever dropped and the window cannot grow without bound.
 */
public final class Consolidator {

    public static final String TOOL_NAME = "save_memory";
    /** How the runtime block appended to a user turn starts (see {@code ContextBuilder.runtimeBlock}). */
    public static final String RUNTIME_MARKER = "[Runtime Context]";
    static final int MAX_FAILURES = 3;
    private static final int TOOL_RESULT_CHARS = 1000;
    private static final Logger LOG = Logger.getLogger(Consolidator.class.getName());

    static final ToolSpec SAVE_MEMORY = new ToolSpec(TOOL_NAME, "Save the memory consolidation result to persistent storage.",
            "{\"type\":\"object\",\"properties\":{"
                    + "\"history_entry\":{\"type\":\"string\",\"description\":\"A paragraph summarizing key events/decisions/topics. "
                    + "Start with [YYYY-MM-DD HH:MM]. Include detail useful for grep search.\"},"
                    + "\"memory_update\":{\"type\":\"string\",\"description\":\"Full updated long-term memory as markdown. "
                    + "Include all existing facts plus new ones. Return unchanged if nothing new.\"}},"
                    + "\"required\":[\"history_entry\",\"memory_update\"]}");

    /** save_memory when a {@link ConsolidationSink} keeps long-term memory: facts and relations, no rewritten file. */
    static final ToolSpec SAVE_MEMORY_FACTS = new ToolSpec(TOOL_NAME, "Save the memory consolidation result to persistent storage.",
            "{\"type\":\"object\",\"properties\":{"
                    + "\"history_entry\":{\"type\":\"string\",\"description\":\"A paragraph summarizing key events/decisions/topics. "
                    + "Start with [YYYY-MM-DD HH:MM]. Include detail useful for search.\"},"
                    + "\"facts\":{\"type\":\"array\",\"description\":\"Durable facts about the user and the world learned in this "
                    + "conversation, new or changed only (not the known facts again). One sentence each.\",\"items\":{\"type\":\"object\","
                    + "\"properties\":{\"text\":{\"type\":\"string\",\"description\":\"The fact as one self-contained sentence.\"},"
                    + "\"subject\":{\"type\":\"string\",\"description\":\"Who or what it is about: 'user' for the user, else a name.\"},"
                    + "\"attribute\":{\"type\":\"string\",\"description\":\"Which property of the subject (city, employer, diet...): "
                    + "a later fact with the same subject and attribute replaces this one.\"},"
                    + "\"confidence\":{\"type\":\"number\",\"description\":\"0..1\"},"
                    + "\"replaces\":{\"type\":\"integer\",\"description\":\"Id of a known fact this one corrects, if any.\"}},"
                    + "\"required\":[\"text\"]}},"
                    + "\"relations\":{\"type\":\"array\",\"description\":\"Relations between named people, places, organizations, "
                    + "projects or things, as subject-relation-object triples.\",\"items\":{\"type\":\"object\",\"properties\":{"
                    + "\"subject\":{\"type\":\"string\"},\"relation\":{\"type\":\"string\"},\"object\":{\"type\":\"string\"},"
                    + "\"subject_type\":{\"type\":\"string\"},\"object_type\":{\"type\":\"string\"}},"
                    + "\"required\":[\"subject\",\"relation\",\"object\"]}}},"
                    + "\"required\":[\"history_entry\",\"facts\",\"relations\"]}");

    /**
     * When to consolidate.
     *
     * @param memoryWindow unconsolidated messages that trigger consolidation; the newest half stays unconsolidated
     * @param maxTokens    estimated unconsolidated tokens that trigger it too, 0 for no token trigger
     */
    public record Policy(int memoryWindow, long maxTokens) {
        public Policy {
            if (memoryWindow < 2) throw new IllegalArgumentException("memoryWindow must be >= 2");
        }
    }

    /**
     * What one consolidation did.
     *
     * @param session    the session key
     * @param from       first message consolidated
     * @param to         end (exclusive) of the consolidated messages; the new cursor when {@code ok}
     * @param ok         the cursor moved
     * @param structured the model used the save_memory call (false: text fallback or raw archive)
     * @param detail     one line: what happened
     */
    public record Outcome(String session, int from, int to, boolean ok, boolean structured, String detail) { }

    private final MemoryStore memory;
    private final ModelGateway gateway;
    private final String model;
    private final Runnable onMemoryChanged;
    private final Policy policy;
    private final Clock clock;
    private final List<AgentListener> listeners;
    private final ConsolidationSink sink;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Outcome>> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    /**
     * @param memory          the workspace's memory (the same instance the rest of the runtime uses)
     * @param gateway         the model gateway (events, metrics, budgets apply)
     * @param model           {@code agents.defaults.memoryModel}, or the main model when that is unset
     * @param onMemoryChanged called after MEMORY.md changed, e.g. {@code contextBuilder::invalidateMemory}
     * @param policy          when to consolidate
     * @param clock           history timestamps
     * @param listeners       receive the consolidation calls' events (progress, metrics); may be empty
     */
    public Consolidator(MemoryStore memory, ModelGateway gateway, String model, Runnable onMemoryChanged, Policy policy,
                        Clock clock, List<AgentListener> listeners) {
        this(memory, gateway, model, onMemoryChanged, policy, clock, listeners, null);
    }

    /**
     * A consolidator that also feeds long-term memory: the memory model is asked for facts and
     * relations, which go to {@code sink} with the history entry before HISTORY.md is appended.
     *
     * @param sink the long-term memory, or null for the two Markdown files only
     */
    public Consolidator(MemoryStore memory, ModelGateway gateway, String model, Runnable onMemoryChanged, Policy policy,
                        Clock clock, List<AgentListener> listeners, ConsolidationSink sink) {
        this.sink = sink;
        if (model == null || model.isBlank()) throw new IllegalArgumentException("consolidation needs a model (memoryModel or model)");
        this.memory = memory;
        this.gateway = gateway;
        this.model = model;
        this.onMemoryChanged = onMemoryChanged == null ? () -> { } : onMemoryChanged;
        this.policy = policy;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /** The memory model: {@code memoryModel} when set, else {@code mainModel} (seed P2). */
    public static String chooseModel(String memoryModel, String mainModel) {
        return memoryModel == null || memoryModel.isBlank() ? mainModel : memoryModel;
    }

    /** Whether the session's unconsolidated part exceeds the window or the token bound. */
    public boolean needed(Session session) {
        int unconsolidated = session.size() - session.lastConsolidated();
        if (unconsolidated > policy.memoryWindow()) return true;
        return policy.maxTokens() > 0 && unconsolidated > 1
                && estimateTokens(session.entries(session.lastConsolidated(), session.size())) > policy.maxTokens();
    }

    /**
     * Starts a background consolidation if one is needed and none is running for this session;
     * returns at once. The future completes with what was done (never exceptionally).
     */
    public Optional<CompletableFuture<Outcome>> maybeConsolidate(Session session) {
        CompletableFuture<Outcome> inFlight = running.get(session.key());
        if (inFlight != null) return Optional.of(inFlight);
        if (!needed(session)) return Optional.empty();
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        CompletableFuture<Outcome> raced = running.putIfAbsent(session.key(), f);
        if (raced != null) return Optional.of(raced);
        Thread.ofVirtual().name("consolidate-" + session.key()).start(() -> {
            try {
                f.complete(consolidate(session, -1));
            } catch (Throwable t) {
                LOG.warning("consolidation of " + session.key() + " failed: " + t);
                f.complete(new Outcome(session.key(), session.lastConsolidated(), session.lastConsolidated(), false, false,
                        "failed: " + t));
            } finally {
                running.remove(session.key(), f);
            }
        });
        return Optional.of(f);
    }

    /**
     * Consolidates now, on the calling thread (for {@code /new}, which archives everything).
     *
     * @param end the end (exclusive) to consolidate up to, or -1 to pick it by policy (keep the newest half-window)
     */
    public Outcome consolidate(Session session, int end) {
        ReentrantLock lock = locks.computeIfAbsent(session.key(), k -> new ReentrantLock());
        lock.lock();
        try {
            int from = session.lastConsolidated();
            int size = session.size();                // the snapshot: later messages are not touched
            int to = end >= 0 ? Math.min(end, size) : boundary(session, from, size);
            if (to <= from) return new Outcome(session.key(), from, from, false, false, "nothing to consolidate");
            List<SessionEntry> chunk = session.entries(from, to);
            String conversation = format(chunk);
            String current = sink == null ? memory.readMemory() : null;
            Optional<ConsolidationAnswer> answer;
            String problem;
            boolean memoryKept = false;
            try {
                if (sink != null) current = sink.memoryContext(conversation);
                answer = ConsolidationAnswer.from(ask(session.key(), current, conversation));
                problem = answer.isEmpty() ? "the model returned no usable summary" : null;
                if (answer.isPresent() && sink != null) {
                    memoryKept = sink.accept(new ConsolidationSink.Consolidation(session.key(), chunk.getFirst().timestamp(),
                            chunk.getLast().timestamp(), chunk.size(), conversation, answer.get()));
                }
            } catch (ModelException e) {
                answer = Optional.empty();
                problem = "model call failed: " + e.getMessage();
            } catch (RuntimeException e) {   // the long-term store could not take it: retried, then archived raw
                answer = Optional.empty();
                problem = "long-term memory failed: " + e.getMessage();
            }
            if (answer.isEmpty()) {
                int n = failures.merge(session.key(), 1, Integer::sum);
                if (n < MAX_FAILURES) return new Outcome(session.key(), from, from, false, false, problem + " (attempt " + n + ")");
                memory.appendHistory(MemoryStore.stamp(clock.instant().atZone(clock.getZone())) + " [RAW] " + chunk.size()
                        + " messages (" + problem + ")\n" + conversation);
                session.markConsolidated(to);
                failures.remove(session.key());
                return new Outcome(session.key(), from, to, true, false, "archived raw after " + n + " failures: " + problem);
            }
            ConsolidationAnswer a = answer.get();
            String entry = MemoryStore.stamped(a.historyEntry()) ? a.historyEntry()
                    : MemoryStore.stamp(clock.instant().atZone(clock.getZone())) + " " + a.historyEntry();
            memory.appendHistory(entry);
            if (memoryKept) {
                onMemoryChanged.run();
            } else if (a.memoryUpdate() != null && !a.memoryUpdate().isBlank() && !a.memoryUpdate().equals(current)) {
                memory.writeMemory(a.memoryUpdate());
                onMemoryChanged.run();
            }
            session.markConsolidated(to);
            failures.remove(session.key());
            return new Outcome(session.key(), from, to, true, a.structured(),
                    "consolidated " + (to - from) + " messages" + (a.structured() ? "" : " (text fallback)"));
        } finally {
            lock.unlock();
        }
    }

    private AssistantMessage ask(String key, String current, String conversation) {
        String prompt = sink == null
                ? "Process this conversation and call the save_memory tool with your consolidation.\n\n"
                + "## Current Long-term Memory\n" + (current.isBlank() ? "(empty)" : current.strip()) + "\n\n"
                + "## Conversation to Process\n" + conversation
                : "Process this conversation and call the save_memory tool with your consolidation: a history entry, the durable "
                + "facts it taught you that are not known yet or changed (a fact that corrects a known one names it in 'replaces'), "
                + "and the relations between named entities.\n\n"
                + "## Known Facts Related to This Conversation\n" + (current.isBlank() ? "(none)" : current.strip()) + "\n\n"
                + "## Conversation to Process\n" + conversation;
        List<Message> messages = List.of(new SystemMessage("You are a memory consolidation agent. Call the save_memory tool "
                + "with your consolidation of the conversation."), new UserMessage(prompt));
        String runId = "consolidate-" + UUID.randomUUID();
        RunContext run = new RunContext(runId, "memory", key, null, new Events(runId, "memory", listeners), Instant.MAX, null);
        ModelInterceptor.CallContext ctx = new ModelInterceptor.CallContext(run, 0, false, StreamListener.NONE);
        ChatRequest.Builder req = ChatRequest.builder(model).messages(messages).tools(List.of(sink == null ? SAVE_MEMORY : SAVE_MEMORY_FACTS))
                .toolChoice(ChatRequest.ToolChoice.TOOL, TOOL_NAME).metadata(Map.of("agent", "memory", "purpose", "consolidation", "session", key));
        ChatResponse r;
        try {
            r = gateway.call(req.build(), ctx);
        } catch (ModelException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (e.kind() != ModelException.Kind.BAD_REQUEST || !(msg.contains("tool_choice") || msg.contains("tool choice"))) throw e;
            r = gateway.call(req.toolChoice(ChatRequest.ToolChoice.AUTO, null).build(), ctx);  // forced choice unsupported
        }
        return r.message();
    }

    /** Picks the end of the chunk: keep the newest half-window, cut at a user turn so no tool exchange is split. */
    private int boundary(Session session, int from, int size) {
        int candidate = size - policy.memoryWindow() / 2;
        if (policy.maxTokens() > 0 && size - from <= policy.memoryWindow()) {  // token-triggered: keep half the budget
            List<SessionEntry> all = session.entries(from, size);
            long kept = 0;
            candidate = size;
            while (candidate > from + 1 && kept + estimateTokens(all.subList(candidate - 1 - from, candidate - from)) <= policy.maxTokens() / 2) {
                kept += estimateTokens(all.subList(candidate - 1 - from, candidate - from));
                candidate--;
            }
        }
        if (candidate <= from) return from;
        List<SessionEntry> range = session.entries(from, size);
        for (int i = candidate; i > from; i--) if (range.get(i - from).message() instanceof UserMessage) return i;
        for (int i = candidate; i < size; i++) if (range.get(i - from).message() instanceof UserMessage) return i;
        return candidate;
    }

    /**
     * A user turn without the volatile block the runtime appended (time, channel, recalled memory):
     * consolidating it would store recalled facts again as if the user had said them.
     */
    static String withoutRuntimeBlock(String text) {
        int at = text.indexOf("\n\n" + RUNTIME_MARKER);
        return at < 0 ? text : text.substring(0, at);
    }

    static long estimateTokens(List<SessionEntry> entries) {
        long chars = 0;
        for (SessionEntry e : entries) {
            chars += switch (e.message()) {
                case UserMessage u -> u.text().length();
                case SystemMessage s -> s.text().length();
                case AssistantMessage a -> a.text().length() + a.toolCalls().stream().mapToInt(c -> c.argumentsJson().length() + c.name().length()).sum();
                case ToolResultMessage t -> t.content().length();
            } + 16;
        }
        return chars / 4;
    }

    /** {@code [YYYY-MM-DD HH:MM] ROLE [tools: a, b]: text} lines, tool results truncated. */
    String format(List<SessionEntry> chunk) {
        StringBuilder b = new StringBuilder();
        for (SessionEntry e : chunk) {
            String stamp = MemoryStore.stamp(e.timestamp().atZone(clock.getZone()));
            String line = switch (e.message()) {
                case UserMessage u -> "USER: " + withoutRuntimeBlock(u.text());
                case SystemMessage s -> null;
                case AssistantMessage a -> {
                    String tools = a.hasToolCalls() ? " [tools: " + String.join(", ", a.toolCalls().stream().map(c -> c.name()).toList()) + "]" : "";
                    yield a.text().isBlank() && tools.isEmpty() ? null : "ASSISTANT" + tools + ": " + a.text();
                }
                case ToolResultMessage t -> "TOOL " + t.toolName() + (t.error() ? " (error)" : "") + ": "
                        + (t.content().length() > TOOL_RESULT_CHARS ? t.content().substring(0, TOOL_RESULT_CHARS) + " …" : t.content());
            };
            if (line != null) b.append(stamp).append(' ').append(line).append('\n');
        }
        return b.toString().stripTrailing();
    }
}
