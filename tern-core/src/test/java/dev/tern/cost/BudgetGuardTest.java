package dev.tern.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.RunContext;
import dev.tern.run.RunLimits;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.llm.ModelInterceptor;
import dev.tern.model.StreamListener;
import dev.tern.model.Usage;
import dev.tern.tokens.Tokenizers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetGuardTest {

    final Tokenizers tokenizers = new Tokenizers(); // claude models: estimated at 3.5 chars per token
    final PriceTable prices = PriceTable.bundled();
    final AtomicInteger sent = new AtomicInteger();

    ModelInterceptor.Chain billing(long input, long output) {
        return r -> {
            sent.incrementAndGet();
            return new ChatResponse(AssistantMessage.ofText("ok"), new Usage(input, output), null, r.model(), null);
        };
    }

    static ModelInterceptor.CallContext call(RunContext run) {
        return new ModelInterceptor.CallContext(run, 1, false, StreamListener.NONE);
    }

    static ChatRequest request(String model, int chars) {
        return ChatRequest.builder(model).messages(List.of(Message.user("y".repeat(chars)))).build();
    }

    @Test
    void refusesACallThatWouldPassTheTokenLimit() {
        BudgetGuard guard = BudgetGuard.fixed(RunLimits.DEFAULT.withMaxTokens(10_000), tokenizers, prices);
        RunContext run = RunContext.standalone(null);
        guard.intercept(request("claude-sonnet-4", 350), call(run), billing(8_000, 1_000)); // 9 000 used
        assertThat(RunSpend.of(run).tokens()).isEqualTo(9_000);
        ChatRequest next = request("claude-sonnet-4", 4_319); // 1 234 + 4 + 3 = 1 241 tokens projected
        long input = tokenizers.forModel("claude-sonnet-4").count(next);
        assertThat(input).isEqualTo(1_241);
        assertThatThrownBy(() -> guard.intercept(next, call(run), billing(1, 1)))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.BUDGET))
                .hasMessage("run budget exceeded: 10 241 tokens used of 10 000 allowed (9 000 so far + 1 241 for this request)");
        assertThat(sent.get()).isEqualTo(1);
        guard.intercept(request("claude-sonnet-4", 100), call(run), billing(500, 10)); // a small one still fits
        assertThat(sent.get()).isEqualTo(2);
        // budgets are per run
        guard.intercept(next, call(RunContext.standalone(null)), billing(1, 1));
        assertThat(sent.get()).isEqualTo(3);
    }

    @Test
    void refusesACallThatWouldPassTheMoneyLimit() {
        BudgetGuard guard = BudgetGuard.fixed(RunLimits.DEFAULT.withMaxCostUsd(0.10), tokenizers, prices);
        RunContext run = RunContext.standalone(null);
        guard.intercept(request("claude-opus-4-1", 35), call(run), billing(1_000, 1_000)); // $0.015 + $0.075
        assertThat(RunSpend.of(run).costUsd()).isEqualTo(0.09, org.assertj.core.data.Offset.offset(1e-9));
        ChatRequest big = request("claude-opus-4-1", 3_500 * 3); // 3 000 + 7 tokens at $15/M = $0.045105
        assertThatThrownBy(() -> guard.intercept(big, call(run), billing(1, 1)))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.BUDGET))
                .hasMessage("run budget exceeded: $0.1351 spent of $0.1000 allowed ($0.0900 so far + $0.0451 for this request's input)");
        assertThat(sent.get()).isEqualTo(1);
    }

    @Test
    void warnsBeforeAnExpensiveCallAndStillMakesIt() {
        List<String> warnings = new ArrayList<>();
        BudgetGuard guard = BudgetGuard.fixed(RunLimits.DEFAULT, tokenizers, prices)
                .warnAbove(0.50, (run, model, usd, message) -> warnings.add(message));
        RunContext run = RunContext.standalone(null);
        guard.intercept(request("claude-opus-4-1", 3_500), call(run), billing(1, 1)); // ~$0.015: quiet
        assertThat(warnings).isEmpty();
        ChatRequest expensive = request("claude-opus-4-1", 3_500).toBuilder().maxOutputTokens(8_000).build(); // + $0.60 output
        guard.intercept(expensive, call(run), billing(1, 1));
        assertThat(warnings).containsExactly("expensive call: claude-opus-4-1 may cost up to $0.6151 (1 007 input tokens, up to 8 000 output tokens)");
        assertThat(sent.get()).isEqualTo(2);
    }

    @Test
    void limitsCanComeFromTheRunItself() {
        BudgetGuard guard = BudgetGuard.fromRunAttributes(tokenizers, prices);
        RunContext limited = RunContext.standalone(null);
        limited.attributes().put(BudgetGuard.LIMITS_ATTRIBUTE, RunLimits.DEFAULT.withMaxTokens(100));
        assertThatThrownBy(() -> guard.intercept(request("claude-sonnet-4", 2_000), call(limited), billing(1, 1)))
                .hasMessageStartingWith("run budget exceeded: ").hasMessageContaining("of 100 allowed");
        guard.intercept(request("claude-sonnet-4", 2_000), call(RunContext.standalone(null)), billing(1, 1)); // no limits set
        guard.intercept(request("claude-sonnet-4", 2_000), call(null), billing(1, 1));                       // outside any run
        assertThat(sent.get()).isEqualTo(2);
    }

    @Test
    void unlimitedRunsAreNeverStopped() {
        BudgetGuard guard = new BudgetGuard(run -> RunLimits.DEFAULT, tokenizers, prices);
        RunContext run = RunContext.standalone(null);
        for (int i = 0; i < 3; i++) guard.intercept(request("claude-sonnet-4", 100), call(run), billing(1_000_000, 1_000_000));
        assertThat(sent.get()).isEqualTo(3);
        assertThat(RunSpend.of(run).tokens()).isEqualTo(6_000_000);
    }
}
