package dev.tern.cli;

import dev.tern.batch.BatchResult;
import dev.tern.cost.PriceTable;
import dev.tern.json.Json;
import dev.tern.model.ChatResponse;
import dev.tern.model.PromptCaching;
import dev.tern.model.ToolCall;
import dev.tern.model.Usage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSONL {@code tern batch results} prints, one object per request:
 * {@code {"custom_id", "status": "succeeded|errored|expired|cancelled", "model", "text", "tool_calls",
 * "stop_reason", "usage": {...}, "cost_usd", "error"}}, priced at the batch discount.
 */
final class BatchOutput {

    /** What the results add up to. */
    record Totals(Map<BatchResult.Outcome, Integer> outcomes, double costUsd, double fullPriceUsd, boolean unpriced) {
        String summary() {
            StringBuilder b = new StringBuilder();
            int all = outcomes.values().stream().mapToInt(Integer::intValue).sum();
            b.append(all).append(" result").append(all == 1 ? "" : "s").append(':');
            outcomes.forEach((o, n) -> b.append(' ').append(n).append(' ').append(o.name().toLowerCase(Locale.ROOT)).append(','));
            b.setLength(b.length() - 1);
            b.append(String.format(Locale.ROOT, "; cost $%.6f at the batch price ($%.6f at the standard price)", costUsd, fullPriceUsd));
            if (unpriced) b.append("; some models have no price (counted as $0)");
            return b.toString();
        }
    }

    private BatchOutput() { }

    /** Prints the results in {@code order} (custom ids of the input; others after, by id). */
    static Totals print(List<BatchResult> results, List<String> order, PriceTable prices, PrintStream out) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < order.size(); i++) rank.put(order.get(i), i);
        List<BatchResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing((BatchResult r) -> rank.getOrDefault(r.customId(), Integer.MAX_VALUE))
                .thenComparing(BatchResult::customId));
        Map<BatchResult.Outcome, Integer> outcomes = new EnumMap<>(BatchResult.Outcome.class);
        double cost = 0, full = 0;
        boolean unpriced = false;
        for (BatchResult r : sorted) {
            outcomes.merge(r.outcome(), 1, Integer::sum);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("custom_id", r.customId());
            line.put("status", r.outcome().name().toLowerCase(Locale.ROOT));
            ChatResponse resp = r.response();
            if (resp != null) {
                Usage u = resp.usage();
                var c = prices.cost(resp.model(), u, PromptCaching.Ttl.FIVE_MINUTES, true);
                unpriced |= !c.priced();
                cost += c.total();
                full += prices.cost(resp.model(), u, PromptCaching.Ttl.FIVE_MINUTES, false).total();
                line.put("model", resp.model());
                line.put("text", resp.message().text());
                List<Map<String, Object>> calls = new ArrayList<>();
                for (ToolCall tc : resp.message().toolCalls()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", tc.id());
                    m.put("name", tc.name());
                    m.put("arguments", tc.argumentsJson());
                    calls.add(m);
                }
                line.put("tool_calls", calls);
                line.put("stop_reason", resp.stopReason().name().toLowerCase(Locale.ROOT));
                Map<String, Object> usage = new LinkedHashMap<>();
                usage.put("input_tokens", u.inputTokens());
                usage.put("output_tokens", u.outputTokens());
                usage.put("cache_read_tokens", u.cacheReadTokens());
                usage.put("cache_write_tokens", u.cacheWriteTokens());
                line.put("usage", usage);
                line.put("cost_usd", c.total());
            }
            line.put("error", r.error());
            out.println(Json.write(line));
        }
        return new Totals(outcomes, cost, full, unpriced);
    }
}
