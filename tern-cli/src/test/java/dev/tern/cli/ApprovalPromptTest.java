package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.json.JsonObject;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.run.AgentEvent;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import dev.tern.workspace.permission.PermissionDecision;
import dev.tern.workspace.permission.PermissionGate;
import dev.tern.workspace.permission.PermissionMode;
import dev.tern.workspace.permission.PermissionPolicy;
import dev.tern.workspace.permission.PermissionRequest;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The approval question: outside the tool's clock, cancellable, and never fed by lines typed before or for another question. */
class ApprovalPromptTest {

    final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    final PrintStream screen = new PrintStream(shown, true, StandardCharsets.UTF_8);

    /** A tool with a 1 s timeout that needs approval. */
    static final class Guarded implements Tool {
        @Override public ToolSpec spec() { return new ToolSpec("guarded", "needs approval", "{\"type\":\"object\"}"); }
        @Override public ToolTraits traits() { return ToolTraits.DEFAULT.withTimeout(Duration.ofSeconds(1)); }
        @Override public ToolResult execute(ToolCallContext call) { return ToolResult.ok("ran"); }
    }

    static PermissionRequest request() {
        return new PermissionRequest("exec", "run: ls", JsonObject.EMPTY, "main", "s", PermissionMode.DEFAULT);
    }

    @Test
    void anApprovalGivenAfterTheToolsTimeoutStillRunsTheTool() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        StdinLines lines = StdinLines.start(new PipedInputStream(keyboard));
        Metrics metrics = new Metrics();
        PermissionGate gate = new PermissionGate(PermissionMode.DEFAULT,
                new PermissionPolicy(Set.of(), Set.of("guarded"), null), new ConsolePrompter(lines, screen, false), metrics);
        ToolExecutor executor = new ToolExecutor(metrics).addGate(gate);
        ToolRegistry tools = new ToolRegistry().register(new Guarded());
        List<AgentEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunContext run = new RunContext("r", "main", "s", null, new Events("r", "main", List.of(events::add)),
                dev.tern.cancel.Cancellation.create(), null);
        // the human answers 3 s after the question, three times the tool's timeout
        CompletableFuture.runAsync(() -> {
            try {
                keyboard.write("y\n".getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));

        ToolResultMessage r = executor.execute(new ToolCall("c1", "guarded", "{}"), tools, run);

        assertThat(r.error()).as(r.content()).isFalse();
        assertThat(r.content()).isEqualTo("ran");
        assertThat(shown.toString(StandardCharsets.UTF_8)).contains("main wants to run guarded").contains("allow? [y]es");
        List<Class<?>> kinds = events.stream().<Class<?>>map(Object::getClass).toList();
        assertThat(kinds).containsSubsequence(AgentEvent.ApprovalRequested.class, AgentEvent.ApprovalResolved.class,
                AgentEvent.ToolStarted.class, AgentEvent.ToolFinished.class);
        AgentEvent.ToolFinished f = (AgentEvent.ToolFinished) events.getLast();
        assertThat(f.elapsed()).as("the human's time is not tool time").isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aCancelledQuestionDoesNotEatTheNextAnswerAndEarlierLinesAreDropped() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        StdinLines lines = StdinLines.start(new PipedInputStream(keyboard));
        ConsolePrompter prompter = new ConsolePrompter(lines, screen, false);

        // typed before any question: must not answer one
        keyboard.write("y\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.pending() == 1);

        CompletableFuture<Throwable> first = new CompletableFuture<>();
        Thread asking = Thread.ofVirtual().start(() -> {
            try {
                prompter.ask(request());
                first.complete(null);
            } catch (Throwable t) {
                first.complete(t);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.toString(StandardCharsets.UTF_8).contains("allow?"));
        assertThat(lines.pending()).as("the early line was dropped").isZero();
        asking.interrupt(); // what the gate does when the run is cancelled
        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);

        CompletableFuture<PermissionDecision> second = CompletableFuture.supplyAsync(() -> {
            try {
                return prompter.ask(request());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.toString(StandardCharsets.UTF_8).split("allow\\?", -1).length == 3);
        keyboard.write("a\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(PermissionDecision.ALLOW_ALWAYS);
    }

    @Test
    void endOfInputDenies() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        StdinLines lines = StdinLines.start(new PipedInputStream(keyboard));
        keyboard.close();
        assertThat(new ConsolePrompter(lines, screen, false).ask(request())).isEqualTo(PermissionDecision.DENY);
    }

    @Test
    void theStatusLineStopsDrawingWhileTheQuestionIsOpen() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)) {
            p.onEvent(new AgentEvent.ModelRequested("r", "main", 1, "gpt-4o", 2, -1));
            await().atMost(Duration.ofSeconds(10)).until(() -> bytes.toString(StandardCharsets.UTF_8).contains("waiting for gpt-4o"));
            p.onEvent(new AgentEvent.ApprovalRequested("r", "main", "c1", "exec", "run: ls"));
            int before = bytes.size();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> bytes.size() == before);
            p.onEvent(new AgentEvent.ApprovalResolved("r", "main", "c1", "exec", true));
            await().atMost(Duration.ofSeconds(10)).until(() -> bytes.size() > before);
            assertThat(bytes.toString(StandardCharsets.UTF_8).substring(before)).contains("approved exec");
        }
    }
}
