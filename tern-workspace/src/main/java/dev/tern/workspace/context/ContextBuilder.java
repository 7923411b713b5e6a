package dev.tern.workspace.context;

import dev.tern.workspace.skills.SkillsLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the system prompt of a workspace (nanobot layout): an identity section (platform facts,
 * workspace paths; computed once), the bootstrap files {@code AGENTS.md SOUL.md USER.md TOOLS.md
 * IDENTITY.md} (in that order, those that exist), {@code memory/MEMORY.md}, the always-on skills'
 * bodies and a summary of the other skills.
 *
 * <p>Each call stats every source once (no read) and re-reads only what changed; when nothing
 * changed it returns the very same {@code String} instance, so the prompt prefix is byte-identical
 * and provider prompt caches hit. Volatile facts (time, channel, chat id) never enter the system
 * prompt: {@link #runtimeBlock} renders them for the end of the latest user turn instead.
 * Thread-safe.
 */
public final class ContextBuilder {

    /** The bootstrap files, in prompt order. */
    public static final List<String> BOOTSTRAP_FILES = List.of("AGENTS.md", "SOUL.md", "USER.md", "TOOLS.md", "IDENTITY.md");

    private static final String SEPARATOR = "\n\n---\n\n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Path workspace;
    private final SkillsLoader skills;
    private final Clock clock;
    private volatile TimeLine timeLine = new TimeLine(Long.MIN_VALUE, java.time.ZoneOffset.UTC, "");

    /** The runtime block's time line for one minute of the clock. */
    private record TimeLine(long minute, java.time.ZoneId zone, String text) { }
    private final Map<String, WatchedFile> bootstrap = new LinkedHashMap<>();
    private final WatchedFile memory;
    private final java.util.List<TurnContext> turnContexts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PlatformInfo platform;
    private String identity;
    private boolean longTermMemory;
    private String cached;
    private long builds;

    /** A builder for {@code workspace} with its skills, the real platform and the system clock. */
    public ContextBuilder(Path workspace, SkillsLoader skills) {
        this(workspace, skills, PlatformInfo.current(), Clock.systemDefaultZone());
    }

    public ContextBuilder(Path workspace, SkillsLoader skills, PlatformInfo platform, Clock clock) {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.skills = skills;
        this.clock = clock;
        for (String f : BOOTSTRAP_FILES) bootstrap.put(f, new WatchedFile(this.workspace.resolve(f)));
        this.memory = new WatchedFile(this.workspace.resolve("memory").resolve("MEMORY.md"));
        this.platform = platform;
        this.identity = identity(this.workspace, platform, false);
    }

    /**
     * Switches to long-term memory (a store with recall): MEMORY.md, now a generated view of every
     * fact, leaves the system prompt, and relevant facts come per turn through a {@link TurnContext}
     * instead, so the prompt prefix no longer changes whenever a fact is learned.
     */
    public synchronized void useLongTermMemory() {
        if (longTermMemory) return;
        longTermMemory = true;
        identity = identity(workspace, platform, true);
        cached = null;
    }

    /** Adds a contributor to every turn's volatile block (after time and channel). */
    public void addTurnContext(TurnContext c) { turnContexts.add(c); }

    public Path workspace() { return workspace; }

    /** The system prompt; the same instance as last time when no source changed. */
    public synchronized String systemPrompt() {
        boolean changed = false;
        for (WatchedFile f : bootstrap.values()) changed |= f.refresh();
        changed |= memory.refresh();
        changed |= skills.refresh();
        if (!changed && cached != null) return cached;
        String built = build();
        builds++;
        if (!built.equals(cached)) cached = built;
        return cached;
    }

    /** The prompt as a supplier for {@code Agent.builder().systemPrompt(...)}. */
    public Supplier<String> supplier() { return this::systemPrompt; }

    /** Forces every source to be re-read on the next call (after memory consolidation, /new ...). */
    public synchronized void invalidate() {
        bootstrap.values().forEach(WatchedFile::invalidate);
        memory.invalidate();
    }

    /** Forces {@code memory/MEMORY.md} to be re-read on the next call. */
    public void invalidateMemory() { memory.invalidate(); }

    /** How many times each source file was actually read, by workspace-relative path. */
    public Map<String, Long> fileReads() {
        Map<String, Long> out = new LinkedHashMap<>();
        bootstrap.forEach((k, v) -> out.put(k, v.reads()));
        out.put("memory/MEMORY.md", memory.reads());
        return out;
    }

    /** How many times the prompt text was assembled (not returned from cache). */
    public synchronized long builds() { return builds; }

    /**
     * The volatile facts of this turn, for {@code RunRequest.runtimeBlock}: appended to the latest
     * user turn, never to the system prompt.
     *
     * @param channel the channel name (cli, telegram ...), or null
     * @param chatId  the chat id, or null
     */
    public String runtimeBlock(String channel, String chatId) {
        long minute = Math.floorDiv(clock.millis(), 60_000L);
        TimeLine line = timeLine;
        if (line.minute() != minute || !line.zone().equals(clock.getZone())) {
            // formatted once a minute: day and zone names are locale look-ups (a gateway builds a block per request)
            ZonedDateTime now = ZonedDateTime.now(clock);
            line = new TimeLine(minute, clock.getZone(), "[Runtime Context]\nCurrent Time: " + now.format(TIME)
                    + " (" + now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ") ("
                    + now.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + ")");
            timeLine = line;
        }
        StringBuilder b = new StringBuilder(line.text());
        if (channel != null && !channel.isBlank()) b.append("\nChannel: ").append(channel);
        if (chatId != null && !chatId.isBlank()) b.append("\nChat ID: ").append(chatId);
        return b.toString();
    }

    /**
     * {@link #runtimeBlock(String, String)} followed by what every {@link TurnContext} contributes for this
     * turn (recalled memory, similar past tasks): all of it in the volatile part, after the user's text.
     */
    public String runtimeBlock(String channel, String chatId, TurnContext.Turn turn) {
        String base = runtimeBlock(channel, chatId);
        if (turnContexts.isEmpty() || turn == null) return base;
        StringBuilder b = new StringBuilder(base);
        for (TurnContext c : turnContexts) {
            String extra = c.forTurn(turn);
            if (extra != null && !extra.isBlank()) b.append("\n\n").append(extra.strip());
        }
        return b.toString();
    }

    private String build() {
        List<String> parts = new ArrayList<>();
        parts.add(identity);
        List<String> boot = new ArrayList<>();
        bootstrap.forEach((name, f) -> {
            String c = f.content();
            if (c != null && !c.isBlank()) boot.add("## " + name + "\n\n" + c.strip());
        });
        if (!boot.isEmpty()) parts.add(String.join("\n\n", boot));
        String mem = longTermMemory ? null : memory.content();
        if (mem != null && !mem.isBlank()) parts.add("# Memory\n\n## Long-term Memory\n" + mem.strip());
        String always = skills.alwaysOnSection();
        if (!always.isEmpty()) parts.add(always);
        String summary = skills.summarySection();
        if (!summary.isEmpty()) parts.add(summary);
        return String.join(SEPARATOR, parts);
    }

    private static String identity(Path ws, PlatformInfo p, boolean longTerm) {
        String memoryLines = longTerm
                ? "- Long-term memory: facts from past conversations are saved when they are consolidated, and those relevant to "
                + "a message are recalled into it. Use the remember, forget and recall_memory tools; " + ws.resolve("memory/MEMORY.md")
                + " is a generated view of the facts.\n"
                : "- Long-term memory: " + ws.resolve("memory/MEMORY.md") + " (write important facts here)\n";
        return "# Tern\n\n"
                + "You are Tern, a helpful AI assistant. You can read, write and edit files, run shell commands, "
                + "search and fetch the web, load skills and start background sub-agents through your tools.\n\n"
                + "## Runtime\n" + p + "\n\n"
                + "## Workspace\nYour workspace is at: " + ws + "\n"
                + memoryLines
                + "- History log: " + ws.resolve("memory/HISTORY.md") + " (grep-searchable)\n"
                + "- Custom skills: " + ws.resolve("skills") + "/{skill-name}/SKILL.md\n\n"
                + "Reply directly with text for conversations. Be concise, accurate and say when you are unsure. "
                + "When a request needs several independent tool calls, make them in one turn: they run in parallel.";
    }
}
