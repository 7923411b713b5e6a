package dev.tern.cost;

import dev.tern.run.RunContext;
import dev.tern.run.RunLimits;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.llm.ModelInterceptor;
import dev.tern.tokens.Numbers;
import dev.tern.tokens.Tokenizers;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Enforces a run's token and money limits ({@link RunLimits#maxTokens()}, {@link RunLimits#maxCostUsd()})
 * before each model call: the request's input is counted, and if what the run has used plus that
 * input would pass a limit, the call is refused with {@link ModelException.Kind#BUDGET} and a message
 * naming the limit. The projection prices the input at the full (uncached) rate, so it errs on the
 * side of stopping early. Optionally warns, through a callback, before a call whose worst case
 * (input plus the requested maximum output) costs at least a threshold.
 *
 * <p>Spend is kept per run in {@link RunSpend} (in the run's attributes, so sub-agents that share
 * their parent's attributes share its budget) and updated from each response's billed usage.
 * Thread-safe; two calls of one run racing can each pass the check once.
 */
public final class BudgetGuard implements ModelInterceptor {

    /** Told before an expensive call; the call still goes ahead. */
    @FunctionalInterface
    public interface CostWarning {
        void warn(RunContext run, String model, double projectedUsd, String message);
    }

    private final Function<RunContext, RunLimits> limits;
    private final Tokenizers tokenizers;
    private final PriceTable prices;
    private final double warnAboveUsd;
    private final CostWarning warning;

    /**
     * @param limits the limits of a run (e.g. from the agent definition)
     */
    public BudgetGuard(Function<RunContext, RunLimits> limits, Tokenizers tokenizers, PriceTable prices) {
        this(limits, tokenizers, prices, 0, null);
    }

    private BudgetGuard(Function<RunContext, RunLimits> limits, Tokenizers tokenizers, PriceTable prices,
                        double warnAboveUsd, CostWarning warning) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tokenizers = Objects.requireNonNull(tokenizers, "tokenizers");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.warnAboveUsd = warnAboveUsd;
        this.warning = warning;
    }

    /** The run attribute {@link #fromRunAttributes} reads the run's {@link RunLimits} from. */
    public static final String LIMITS_ATTRIBUTE = "tern.run.limits";

    /**
     * Limits taken from each run's {@link #LIMITS_ATTRIBUTE} attribute (set by whoever starts the
     * run); a run without one is not limited.
     */
    public static BudgetGuard fromRunAttributes(Tokenizers tokenizers, PriceTable prices) {
        return new BudgetGuard(run -> run.attribute(LIMITS_ATTRIBUTE), tokenizers, prices);
    }

    /** The same limits for every run. */
    public static BudgetGuard fixed(RunLimits limits, Tokenizers tokenizers, PriceTable prices) {
        Objects.requireNonNull(limits, "limits");
        return new BudgetGuard(run -> limits, tokenizers, prices);
    }

    /** A guard that also warns before any call that may cost {@code usd} or more. */
    public BudgetGuard warnAbove(double usd, CostWarning warning) {
        if (usd <= 0) throw new IllegalArgumentException("the warning threshold must be > 0");
        return new BudgetGuard(limits, tokenizers, prices, usd, Objects.requireNonNull(warning, "warning"));
    }

    @Override
    public ChatResponse intercept(ChatRequest request, CallContext call, Chain next) {
        RunContext run = call == null ? null : call.run();
        if (run == null) return next.proceed(request); // a call outside any run has no run budget
        RunLimits l = limits.apply(run);
        RunSpend spend = RunSpend.of(run);
        String model = request.model();
        boolean limited = l != null && (l.maxTokens() > 0 || l.maxCostUsd() > 0);
        if (!limited && warning == null) {
            // nothing to check before the call: no token counting on the hot path
            ChatResponse response = next.proceed(request);
            record(spend, request, response, model);
            return response;
        }
        long input = tokenizers.forModel(model).count(request);
        if (l != null && l.maxTokens() > 0 && spend.tokens() + input > l.maxTokens()) {
            throw budget("run budget exceeded: " + Numbers.grouped(spend.tokens() + input) + " tokens used of "
                    + Numbers.grouped(l.maxTokens()) + " allowed (" + Numbers.grouped(spend.tokens()) + " so far + "
                    + Numbers.grouped(input) + " for this request)");
        }
        double inputCost = prices.estimate(model, input, 0);
        if (l != null && l.maxCostUsd() > 0 && spend.costUsd() + inputCost > l.maxCostUsd()) {
            throw budget(String.format(Locale.ROOT, "run budget exceeded: $%.4f spent of $%.4f allowed ($%.4f so far + $%.4f for this request's input)",
                    spend.costUsd() + inputCost, l.maxCostUsd(), spend.costUsd(), inputCost));
        }
        if (warning != null) {
            int maxOut = request.maxOutputTokens() == null ? 0 : request.maxOutputTokens();
            double worst = prices.estimate(model, input, maxOut);
            if (worst >= warnAboveUsd) {
                warning.warn(run, model, worst, String.format(Locale.ROOT, "expensive call: %s may cost up to $%.4f (%s input tokens, up to %s output tokens)",
                        model, worst, Numbers.grouped(input), Numbers.grouped(maxOut)));
            }
        }
        ChatResponse response = next.proceed(request);
        record(spend, request, response, model);
        return response;
    }

    private void record(RunSpend spend, ChatRequest request, ChatResponse response, String model) {
        String priced = response.model() != null && prices.price(response.model()).isPresent() ? response.model() : model;
        spend.add(response.usage(), prices.cost(priced, response.usage(), request.caching().ttl(),
                "true".equalsIgnoreCase(request.metadata().get("batch"))).total());
    }

    private static ModelException budget(String message) {
        return new ModelException(ModelException.Kind.BUDGET, "tern", message);
    }
}
