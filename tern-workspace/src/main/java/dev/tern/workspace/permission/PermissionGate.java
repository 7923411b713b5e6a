package dev.tern.workspace.permission;

import dev.tern.cancel.Cancellation;
import dev.tern.metrics.Metrics;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentEvent.ToolSource;
import dev.tern.run.RunContext;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolGate;
import dev.tern.tool.ToolResult;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Permission modes at the tool choke point, as a {@link ToolGate}: asking the user happens before the
 * call's clock starts (a human may take minutes; that is not tool time), the wait observes the run's
 * cancellation (Ctrl-C or a deadline interrupts it; nothing keeps waiting for an answer nobody will
 * give), and {@link AgentEvent.ApprovalRequested} / {@link AgentEvent.ApprovalResolved} tell renderers
 * to leave the question alone. In {@code bypassPermissions}, for read-only tools, for
 * file edits in {@code acceptEdits}, and for tools that need no approval, the check is a few field
 * reads and comparisons: no allocation, no callback (Navam issue #5: a prompter consulted when no
 * question was needed cost minutes). Otherwise the user is asked through the {@link PermissionPrompter}
 * (one question at a time); with no prompter the call is denied with a clear message. {@code plan}
 * denies every tool that is not read-only. "Always allow" answers hold for the rest of the session.
 *
 * <p>Writes to protected files ({@link PermissionPolicy#protectedTarget}: {@code .mcp.json .tern/ .git/
 * sessions/ agents/ hooks/ workflows/}, the config, {@code ~/.tern}) are asked in EVERY mode, also
 * {@code acceptEdits} and {@code bypassPermissions}: changing them changes what Tern runs next.
 *
 * <p>Metrics: {@code permission.checks}, {@code permission.prompts}, {@code permission.denied}, timer
 * {@code permission.time} (the check itself, including time waiting for the user's answer).
 */
public final class PermissionGate implements ToolGate {

    private enum Verdict { ALLOW, PLAN_DENY, ASK }

    private static final String NO_SESSION = "";

    private volatile PermissionMode mode;
    private final PermissionPolicy policy;
    private final PermissionPrompter prompter;
    private final Metrics.Counter checks;
    private final Metrics.Counter prompts;
    private final Metrics.Counter denied;
    private final Metrics.Timer time;
    private final Map<String, Set<String>> alwaysAllowed = new ConcurrentHashMap<>();
    private final ReentrantLock askLock = new ReentrantLock(true);

    /**
     * @param prompter asks the user; nullable (then only a prompter in the run's attributes can approve)
     */
    public PermissionGate(PermissionMode mode, PermissionPolicy policy, PermissionPrompter prompter, Metrics metrics) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.prompter = prompter;
        this.checks = metrics.counter("permission.checks");
        this.prompts = metrics.counter("permission.prompts");
        this.denied = metrics.counter("permission.denied");
        this.time = metrics.timer("permission.time");
    }

    public PermissionMode mode() { return mode; }

    /** Switches the mode (e.g. the REPL's {@code /mode}); applies to calls checked from now on. */
    public void setMode(PermissionMode mode) { this.mode = Objects.requireNonNull(mode, "mode"); }

    public PermissionPolicy policy() { return policy; }

    /** The policy hook: true when {@code tool} must be approved in {@code default} mode. */
    public boolean requiresApproval(Tool tool) { return policy.requiresApproval(tool); }

    /** Forgets the "always allow" answers of a session (e.g. on {@code /new}). */
    public void forgetSession(String sessionId) { alwaysAllowed.remove(sessionId == null ? NO_SESSION : sessionId); }

    /** True when {@code tool} was allowed for the rest of the session. */
    public boolean alwaysAllowed(String sessionId, String tool) {
        Set<String> s = alwaysAllowed.get(sessionId == null ? NO_SESSION : sessionId);
        return s != null && s.contains(tool);
    }

    @Override
    public ToolResult check(Tool tool, ToolCallContext call) throws InterruptedException {
        long start = System.nanoTime();
        checks.increment();
        PermissionMode m = mode;
        String target = tool.traits().readOnly() ? null : policy.protectedTarget(tool, call.arguments());
        if (target != null) return checkProtected(tool, call, m, target, start);
        Verdict verdict = verdict(tool, m, call.run().sessionId());
        if (verdict == Verdict.ALLOW) {
            time.record(System.nanoTime() - start);
            return null;
        }
        if (verdict == Verdict.PLAN_DENY) {
            denied.increment();
            time.record(System.nanoTime() - start);
            return ToolResult.error("Denied: '" + tool.name() + "' is not available in plan mode, which is read-only. "
                    + "Investigate with read-only tools and present your plan; the user switches modes to carry it out.")
                    .withSource(ToolSource.DENIED);
        }
        PermissionDecision decision;
        try {
            decision = prompterFor(call) == null ? PermissionDecision.DENY
                    : ask(tool, tool.name(), call, m, summary(tool.name(), call));
        } finally {
            time.record(System.nanoTime() - start);
        }
        if (decision == PermissionDecision.DENY) {
            denied.increment();
            PermissionPrompter p = prompterFor(call);
            return ToolResult.error(p == null
                    ? "Denied: '" + tool.name() + "' needs the user's approval in " + m.id() + " mode and no one can be "
                      + "asked here (non-interactive). Tell the user what you wanted to do; they can rerun "
                      + rerunHint(tool, m) + "."
                    : "Denied: the user did not allow this '" + tool.name() + "' call. Do not retry it; ask the user how to proceed.")
                    .withSource(ToolSource.DENIED);
        }
        return null;
    }

    /**
     * A write to a protected file: asked in every mode (bypassPermissions and acceptEdits included),
     * denied in plan mode and when no one can be asked. "Always" holds for that item in the session.
     */
    private ToolResult checkProtected(Tool tool, ToolCallContext call, PermissionMode m, String target, long start)
            throws InterruptedException {
        String key = "protected:" + target;
        try {
            if (m == PermissionMode.PLAN) {
                denied.increment();
                return ToolResult.error("Denied: plan mode is read-only, and " + target + " is protected.").withSource(ToolSource.DENIED);
            }
            if (alwaysAllowed(call.run().sessionId(), key)) return null;
            PermissionPrompter p = prompterFor(call);
            PermissionDecision d = p == null ? PermissionDecision.DENY
                    : ask(tool, key, call, m, "PROTECTED " + target + " (changes what Tern runs or trusts): " + summary(tool.name(), call));
            if (d == PermissionDecision.DENY) {
                denied.increment();
                return ToolResult.error("Denied: '" + call.string("path") + "' is in " + target + ", which is protected: "
                        + "writing it needs the user's explicit approval in every permission mode"
                        + (p == null ? ", and no one can be asked here (non-interactive). Tell the user what you wanted to change."
                        : ", and the user did not allow it. Do not retry it."))
                        .withSource(ToolSource.DENIED);
            }
            return null;
        } finally {
            time.record(System.nanoTime() - start);
        }
    }

    /** The modes that would let this call through without a question (never the mode it was denied in). */
    private String rerunHint(Tool tool, PermissionMode m) {
        boolean edit = policy.isEdit(tool);
        if (m == PermissionMode.DEFAULT && edit) return "with permission mode acceptEdits or bypassPermissions, or interactively";
        return "with permission mode bypassPermissions, or interactively to approve it";
    }

    /** A few comparisons; allocates nothing. */
    private Verdict verdict(Tool tool, PermissionMode m, String sessionId) {
        if (m == PermissionMode.BYPASS_PERMISSIONS || tool.traits().readOnly()) return Verdict.ALLOW;
        if (m == PermissionMode.PLAN) return Verdict.PLAN_DENY;
        if (m == PermissionMode.ACCEPT_EDITS && policy.isEdit(tool)) return Verdict.ALLOW;
        if (!policy.requiresApproval(tool)) return Verdict.ALLOW;
        return alwaysAllowed(sessionId, tool.name()) ? Verdict.ALLOW : Verdict.ASK;
    }

    /** @param key what an "always" answer is remembered under (the tool's name, or a protected item) */
    private PermissionDecision ask(Tool tool, String key, ToolCallContext call, PermissionMode m, String summary)
            throws InterruptedException {
        PermissionPrompter p = prompterFor(call);
        RunContext run = call.run();
        String sessionId = run.sessionId();
        // waiting (for the lock or the answer) ends when the run is cancelled: the thread is interrupted
        Thread self = Thread.currentThread();
        Cancellation.Registration wake = run.cancellation().onCancel(self::interrupt);
        try {
            askLock.lockInterruptibly();
            try {
                if (alwaysAllowed(sessionId, key)) return PermissionDecision.ALLOW_ONCE; // answered while we waited
                prompts.increment();
                run.events().emit(new AgentEvent.ApprovalRequested(run.runId(), run.agent(), call.callId(), tool.name(), summary));
                PermissionDecision d = null;
                try {
                    d = p.ask(new PermissionRequest(tool.name(), summary, call.arguments(), run.agent(), sessionId, m));
                } finally {
                    boolean yes = d == PermissionDecision.ALLOW_ONCE || d == PermissionDecision.ALLOW_ALWAYS;
                    run.events().emit(new AgentEvent.ApprovalResolved(run.runId(), run.agent(), call.callId(), tool.name(), yes));
                }
                if (d == null) d = PermissionDecision.DENY;
                if (d == PermissionDecision.ALLOW_ALWAYS) {
                    alwaysAllowed.computeIfAbsent(sessionId == null ? NO_SESSION : sessionId, k -> ConcurrentHashMap.newKeySet())
                            .add(key);
                }
                return d;
            } finally {
                askLock.unlock();
            }
        } finally {
            wake.close();
            if (wake.fired()) {
                Thread.interrupted();
                throw new InterruptedException("the run was cancelled while waiting for approval");
            }
        }
    }

    private PermissionPrompter prompterFor(ToolCallContext call) {
        return call.run().attributes().get(PermissionPrompter.ATTRIBUTE) instanceof PermissionPrompter p ? p : prompter;
    }

    /** One line for the prompt: the command for exec, the path for file tools, else the arguments. */
    static String summary(String tool, ToolCallContext call) {
        String s = switch (tool) {
            case "exec" -> {
                String wd = call.string("working_dir");
                yield "run: " + call.string("command") + (wd == null ? "" : "  (in " + wd + ")");
            }
            case "write_file" -> {
                String content = call.string("content");
                yield "write " + call.string("path") + " (" + (content == null ? 0 : content.length()) + " chars)";
            }
            case "edit_file" -> "edit " + call.string("path");
            default -> tool + " " + call.arguments();
        };
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
