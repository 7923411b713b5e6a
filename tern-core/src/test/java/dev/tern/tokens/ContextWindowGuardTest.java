package dev.tern.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.RunContext;
import dev.tern.metrics.Metrics;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.llm.ModelInterceptor;
import dev.tern.model.StreamListener;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.Usage;
import dev.tern.model.UserMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ContextWindowGuardTest {

    static final ModelInterceptor.CallContext CALL =
            new ModelInterceptor.CallContext(RunContext.standalone(null), 1, false, StreamListener.NONE);

    final Tokenizers tokenizers = new Tokenizers();    // "tiny" is estimated at 3.5 chars per token
    final ModelCatalog catalog = ModelCatalog.bundled().with("tiny", new ModelCatalog.Limits(1000, 100));
    final Metrics metrics = new Metrics();
    final ContextWindowGuard guard = new ContextWindowGuard(catalog, tokenizers, 50, metrics); // budget 850
    final AtomicReference<ChatRequest> sent = new AtomicReference<>();
    final ModelInterceptor.Chain provider = r -> {
        sent.set(r);
        return new ChatResponse(AssistantMessage.ofText("ok"), Usage.ZERO, null, r.model(), "id"); // no usage: no calibration
    };

    static String text(int tokens) { return "x".repeat((int) (tokens * 3.5)); }

    static List<Message> step(String id, int resultTokens) {
        return List.of(new AssistantMessage("", List.of(new ToolCall(id, "read_file", "{}"))),
                new ToolResultMessage(id, "read_file", text(resultTokens), false));
    }

    static ChatRequest request(List<Message> messages) {
        return ChatRequest.builder("tiny").messages(messages).build();
    }

    @Test
    void aFittingRequestIsSentUntouched() {
        ChatRequest r = request(List.of(Message.system("be brief"), Message.user("hi")));
        guard.intercept(r, CALL, provider);
        assertThat(sent.get()).isSameAs(r);
        assertThat(metrics.count("context.trim.calls")).isZero();
    }

    @Test
    void trimsWholeOldExchangesAndKeepsSystemAndLatestTurn() {
        List<Message> history = new ArrayList<>();
        history.add(Message.system(text(50)));
        for (int i = 0; i < 6; i++) {
            history.add(Message.user("question " + i + " " + text(40)));
            history.addAll(step("c" + i, 60));
            history.add(Message.assistant("answer " + i + " " + text(30)));
        }
        UserMessage latest = Message.user("latest " + text(20));
        history.add(latest);
        ChatRequest r = request(history);
        TokenCounter counter = tokenizers.forModel("tiny");
        assertThat(counter.count(r)).isGreaterThan(850);

        guard.intercept(r, CALL, provider);
        List<Message> out = sent.get().messages();
        assertThat(counter.count(sent.get())).isLessThanOrEqualTo(850);
        assertThat(out.get(0)).isSameAs(history.get(0));
        assertThat(out.get(out.size() - 1)).isSameAs(latest);
        assertThat(out.get(1)).isInstanceOf(UserMessage.class);           // history still starts with a user turn
        assertThat(out).isEqualTo(suffixAfterSystem(history, out.size() - 1)); // only the oldest were dropped
        assertWellFormed(out);
        assertThat(metrics.count("context.trim.calls")).isEqualTo(1);
        assertThat(metrics.count("context.trim.messages")).isEqualTo(history.size() - out.size());
    }

    /**
     * Issue 9, hole 5: the current turn's steps are never dropped (the old trimmer dropped the oldest,
     * and the model re-ran the commands it no longer saw); their earlier results are compacted instead.
     */
    @Test
    void withinOneLongTurnEveryStepIsKeptAndEarlierResultsAreCompacted() {
        ContextWindowGuard small = new ContextWindowGuard(catalog.with("small", new ModelCatalog.Limits(4000, 100)), tokenizers, 50, metrics);
        List<Message> history = new ArrayList<>(List.of(Message.system("sys"), Message.user("do the task")));
        for (int i = 0; i < 8; i++) history.addAll(step("s" + i, 1000));
        small.intercept(ChatRequest.builder("small").messages(history).build(), CALL, provider);
        List<Message> out = sent.get().messages();
        assertThat(out).hasSameSizeAs(history);
        assertThat(out.subList(0, 2)).isEqualTo(history.subList(0, 2));
        assertThat(out.subList(out.size() - 2, out.size())).isEqualTo(history.subList(history.size() - 2, history.size()));
        for (int i = 2; i < out.size(); i++) {
            if (out.get(i) instanceof AssistantMessage a) assertThat(a).isEqualTo(history.get(i)); // every call still there
        }
        assertThat(out).filteredOn(m -> m instanceof ToolResultMessage t && t.content().contains("The call already ran")).isNotEmpty();
        assertWellFormed(out);
        assertThat(tokenizers.forModel("small").count(sent.get())).isLessThanOrEqualTo(3850);
    }

    @Test
    void aCurrentTurnThatCannotFitFailsClearlyInsteadOfForgettingSteps() {
        List<Message> history = new ArrayList<>(List.of(Message.system("sys"), Message.user("do the task")));
        for (int i = 0; i < 12; i++) {
            history.add(new AssistantMessage(text(120), List.of(new ToolCall("s" + i, "exec", "{}"))));
            history.add(new ToolResultMessage("s" + i, "exec", "ok", false));
        }
        sent.set(null);
        assertThatThrownBy(() -> guard.intercept(request(history), CALL, provider))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.CONTEXT_LENGTH))
                .hasMessageContaining("this turn's steps are never dropped");
        assertThat(sent.get()).isNull();
    }

    @Test
    void windowsComeFromConfigThenCatalogAndAnUnknownModelIsReportedOnce() {
        List<String> notices = new ArrayList<>();
        ModelWindows windows = new ModelWindows(List.of(ModelWindows.fromMap(java.util.Map.of("my-local", new ModelCatalog.Limits(65536, 8192)))),
                ModelCatalog.bundled(), notices::add);
        assertThat(windows.limits("my-local-7b")).isEqualTo(new ModelCatalog.Limits(65536, 8192));
        assertThat(windows.limits("gpt-4o")).isEqualTo(ModelCatalog.bundled().limits("gpt-4o"));
        assertThat(notices).isEmpty();
        windows.limits("mystery-model");
        windows.limits("mystery-model");
        assertThat(notices).hasSize(1);
        assertThat(notices.getFirst()).contains("mystery-model").contains("assuming 32768").contains("models.mystery-model.contextWindow");
        assertThat(windows.known("mystery-model")).isFalse();
        assertThat(windows.known("my-local-7b")).isTrue();
    }

    @Test
    void theRequestedMaxOutputShrinksTheBudget() {
        List<Message> history = new ArrayList<>(List.of(Message.user("old " + text(300)), Message.assistant("a"),
                Message.user("new " + text(100))));
        ChatRequest small = request(history).toBuilder().maxOutputTokens(600).build(); // budget 1000-600-50 = 350
        guard.intercept(small, CALL, provider);
        assertThat(sent.get().messages()).extracting(Message::role).containsExactly("user");
        guard.intercept(request(history), CALL, provider); // default max output 100: everything fits
        assertThat(sent.get().messages()).hasSize(3);
    }

    @Test
    void whatCannotFitIsNeverSent() {
        ChatRequest huge = request(List.of(Message.system("sys"), Message.user("a"), Message.assistant("b"),
                Message.user(text(2000))));
        sent.set(null);
        assertThatThrownBy(() -> guard.intercept(huge, CALL, provider))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.CONTEXT_LENGTH))
                .hasMessageStartingWith("prompt for tiny needs 2 0")
                .hasMessageContaining("but only 850 fit: context window 1 000 - max output 100 - margin 50");
        assertThat(sent.get()).isNull();
        assertThat(metrics.count("context.overflow")).isEqualTo(1);
    }

    @Test
    void billedUsageCalibratesTheEstimate() {
        guard.intercept(request(List.of(Message.user(text(100)))), CALL,
                r -> new ChatResponse(AssistantMessage.ofText("ok"), new Usage(300, 1), null, "tiny", null));
        assertThat(tokenizers.estimator().observations("tiny")).isEqualTo(1);
        assertThat(tokenizers.estimator().charsPerToken("tiny")).isLessThan(CalibratedEstimator.DEFAULT_CHARS_PER_TOKEN);
    }

    /** Counting a 200-message, ~107 KB history: the first call counts, later calls hit the memo. */
    @Test
    void memoizedCountsMakeRepeatCallsCheap() {
        ContextWindowGuard exact = new ContextWindowGuard(ModelCatalog.bundled(), SharedTokenizers.EXACT);
        List<Message> history = new ArrayList<>(List.of(Message.system("You are a helpful agent. ".repeat(40))));
        for (int i = 0; i < 100; i++) {
            history.add(Message.user("Question " + i + ": " + "please look at the file and explain it. ".repeat(12)));
            history.add(Message.assistant("Answer " + i + ": " + "the file defines a class with two methods. ".repeat(12)));
        }
        ChatRequest r = ChatRequest.builder("gpt-4o").messages(history).build();
        long t0 = System.nanoTime();
        assertThat(exact.fit(r)).isSameAs(r);
        long cold = System.nanoTime() - t0;
        for (int i = 0; i < 2000; i++) exact.fit(r); // let the JIT compile the warm path
        int n = 2000;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) exact.fit(r);
        long warm = (System.nanoTime() - t0) / n;
        System.out.printf("context guard, 200 messages, %d chars: cold %d us, warm %d us%n",
                history.stream().mapToInt(m -> m instanceof UserMessage u ? u.text().length() : m instanceof AssistantMessage a ? a.text().length() : 1000).sum(),
                cold / 1000, warm / 1000);
        assertThat(warm).isLessThan(cold / 5);
    }

    private static List<Message> suffixAfterSystem(List<Message> history, int n) {
        List<Message> out = new ArrayList<>(List.of(history.get(0)));
        out.addAll(history.subList(history.size() - n, history.size()));
        return out;
    }

    /** Every tool result follows the assistant turn that called it; no call is left without results. */
    private static void assertWellFormed(List<Message> out) {
        Set<String> open = new HashSet<>();
        for (Message m : out) {
            if (m instanceof AssistantMessage a) {
                assertThat(open).as("unanswered tool calls before %s", m).isEmpty();
                a.toolCalls().forEach(c -> open.add(c.id()));
            } else if (m instanceof ToolResultMessage t) {
                assertThat(open.remove(t.toolCallId())).as("result %s without its call", t.toolCallId()).isTrue();
            } else if (!(m instanceof SystemMessage)) {
                assertThat(open).isEmpty();
            }
        }
    }
}
