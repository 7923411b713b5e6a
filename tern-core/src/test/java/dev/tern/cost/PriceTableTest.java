package dev.tern.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tern.model.PromptCaching.Ttl;
import dev.tern.model.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

    final PriceTable prices = PriceTable.bundled();

    @Test
    void everyListedFamilyHasAPriceAndTheFileSaysWhenItWasChecked() {
        for (String model : new String[] {"gpt-4o-2024-08-06", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
                "o3", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano", "claude-opus-4-1-20250805", "claude-opus-4-5",
                "claude-sonnet-4-20250514", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-3-7-sonnet-latest",
                "claude-3-5-sonnet-20241022", "claude-3-5-haiku-20241022"}) {
            assertThat(prices.price(model)).as(model).isPresent();
        }
        assertThat(prices.updated()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(prices.price("my-local-llama")).isEmpty();
    }

    @Test
    void longestPrefixPicksTheRightTier() {
        assertThat(prices.price("gpt-4o-mini-2024-07-18").orElseThrow().input()).isEqualTo(0.15);
        assertThat(prices.price("gpt-4o-2024-11-20").orElseThrow().input()).isEqualTo(2.50);
        assertThat(prices.price("claude-opus-4-1-20250805").orElseThrow().output()).isEqualTo(75.0);
        assertThat(prices.price("claude-opus-4-5-20251101").orElseThrow().output()).isEqualTo(25.0);
        assertThat(prices.price("gpt-5-nano").orElseThrow().output()).isEqualTo(0.40);
    }

    @Test
    void pricesEachKindOfTokenAndWhatCachingSaved() {
        Usage u = new Usage(1_000, 500, 10_000, 2_000);
        CallCost c = prices.cost("claude-sonnet-4-20250514", u, Ttl.FIVE_MINUTES, false);
        assertThat(c.priced()).isTrue();
        assertThat(c.input()).isCloseTo(0.003, within(1e-12));
        assertThat(c.output()).isCloseTo(0.0075, within(1e-12));
        assertThat(c.cacheRead()).isCloseTo(0.003, within(1e-12));
        assertThat(c.cacheWrite()).isCloseTo(0.0075, within(1e-12));
        assertThat(c.total()).isCloseTo(0.021, within(1e-12));
        assertThat(c.cacheSavings()).isCloseTo(0.027, within(1e-12));      // 10 000 reads at $3 instead of $0.30
        assertThat(c.cacheWritePremium()).isCloseTo(0.0015, within(1e-12)); // 2 000 writes at $3.75 instead of $3
        assertThat(c.netCacheSavings()).isCloseTo(0.0255, within(1e-12));
        assertThat(prices.cost("claude-sonnet-4", u, Ttl.ONE_HOUR, false).cacheWrite()).isCloseTo(0.012, within(1e-12));
        assertThat(prices.cost("claude-sonnet-4", u, Ttl.FIVE_MINUTES, true).total()).isCloseTo(0.0105, within(1e-12));
        // OpenAI: cached input is cheaper, writes cost nothing extra
        CallCost o = prices.cost("gpt-4o", new Usage(1_000, 100, 3_000, 0), Ttl.FIVE_MINUTES, false);
        assertThat(o.total()).isCloseTo((1_000 * 2.5 + 100 * 10 + 3_000 * 1.25) / 1e6, within(1e-12));
        assertThat(o.cacheWritePremium()).isZero();
        CallCost unknown = prices.cost("local", u, Ttl.FIVE_MINUTES, false);
        assertThat(unknown.priced()).isFalse();
        assertThat(unknown.total()).isZero();
    }

    @Test
    void aUserFileOverridesEntries(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("prices.json");
        Files.writeString(f, "{\"updated\":\"2030-01-01\",\"models\":{\"gpt-4o\":{\"input\":1,\"output\":2},"
                + "\"my-model\":{\"input\":0.5,\"output\":1,\"cacheRead\":0.05}}}");
        PriceTable t = PriceTable.load(f);
        assertThat(t.price("gpt-4o").orElseThrow()).isEqualTo(new ModelPrice(1, 2, 1, 1, 1, 0));
        assertThat(t.price("my-model-v2").orElseThrow().cacheRead()).isEqualTo(0.05);
        assertThat(t.price("gpt-4o-mini").orElseThrow().input()).isEqualTo(0.15); // untouched entries stay
        assertThat(t.updated()).isEqualTo("2030-01-01");
        Files.writeString(f, "{\"models\":{\"x\":{\"input\":\"cheap\"}}}");
        assertThatThrownBy(() -> PriceTable.load(f)).hasMessageContaining(f.toString()).hasMessageContaining("'input' must be a number");
    }
}
