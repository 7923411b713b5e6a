/**
 * Money: prices ({@link dev.tern.cost.PriceTable}, bundled {@code tern-prices.json} with its check
 * date, user-overridable), accounting ({@link dev.tern.cost.CostMeter}: per call, run, session,
 * agent and model, with what prompt caching saved), run budgets ({@link dev.tern.cost.BudgetGuard})
 * and model fallbacks ({@link dev.tern.cost.FallbackModels}). All three are {@code ModelInterceptor}s;
 * see {@link dev.tern.tokens} for the suggested order.
 */
package dev.tern.cost;
