package dev.tern.orchestration.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTiersTest {

    final ModelTiers tiers = ModelTiers.of(Map.of("fast", "small-1", "balanced", "mid-2", "deep", "big-3"));
    final ModelResolver resolver = new ModelResolver(tiers, "main-0");

    @Test
    void tiersAliasesInheritAndLiteralModels() {
        assertThat(resolver.resolve(null, "x", List.of()).model()).isEqualTo("main-0");
        assertThat(resolver.resolve("inherit", "x", List.of()).model()).isEqualTo("main-0");
        assertThat(resolver.resolve("fast", "x", List.of())).satisfies(c -> {
            assertThat(c.model()).isEqualTo("small-1");
            assertThat(c.tier()).isEqualTo(Tier.FAST);
            assertThat(c.auto()).isFalse();
        });
        assertThat(resolver.resolve("opus", "x", List.of()).model()).isEqualTo("big-3");
        assertThat(resolver.resolve("sonnet", "x", List.of()).reason()).startsWith("'sonnet' = balanced tier (mid-2)");
        assertThat(resolver.resolve("sim:file:writer,lat=1000", "x", List.of()).model()).isEqualTo("sim:file:writer,lat=1000");
    }

    @Test
    void anUnconfiguredTierFallsBackUpThenDownThenToTheMainModel() {
        ModelTiers onlyDeep = ModelTiers.of(Map.of("deep", "big"));
        assertThat(onlyDeep.model(Tier.FAST, "main")).isEqualTo("big");
        ModelTiers onlyFast = ModelTiers.of(Map.of("fast", "small"));
        assertThat(onlyFast.model(Tier.DEEP, "main")).isEqualTo("small");
        assertThat(ModelTiers.NONE.model(Tier.BALANCED, "main")).isEqualTo("main");
        assertThat(new ModelResolver(ModelTiers.NONE, "main").resolve("haiku", "x", List.of()).reason())
                .contains("tier not configured");
        assertThatThrownBy(() -> ModelTiers.of(Map.of("huge", "x"))).hasMessageContaining("unknown tier 'huge'");
    }

    @Test
    void autoPicksTheCheapestAdequateTierFromTheTaskShape() {
        ModelChoice simple = resolver.resolve("auto", "Summarise this paragraph in one line", List.of("read_file"));
        assertThat(simple.tier()).isEqualTo(Tier.FAST);
        assertThat(simple.model()).isEqualTo("small-1");
        assertThat(simple.auto()).isTrue();
        assertThat(simple.reason()).startsWith("auto: fast tier (small-1)").contains("simple task shape");

        ModelChoice medium = resolver.resolve("auto", "Refactor the session store and run the tests", List.of("edit_file", "exec"));
        assertThat(medium.tier()).isEqualTo(Tier.BALANCED);
        assertThat(medium.reason()).contains("refactor").contains("needs tools that act (edit_file, exec)");

        ModelChoice hard = resolver.resolve("auto", """
                Design the architecture of a concurrent cache and analyse its trade-offs:
                1. list the invariants
                2. then prove them
                ```java
                class Cache {}
                ```""", List.of());
        assertThat(hard.tier()).isEqualTo(Tier.DEEP);
        assertThat(hard.reason()).contains("several steps").contains("code in the task");
    }

    @Test
    void onlyAutoChoicesEscalateAndOnlyOneTierUp() {
        ModelChoice fast = resolver.resolve("auto", "what is a cache?", List.of());
        ModelChoice up = resolver.escalate(fast, "the answer was truncated (max tokens)");
        assertThat(up.model()).isEqualTo("mid-2");
        assertThat(up.tier()).isEqualTo(Tier.BALANCED);
        assertThat(up.auto()).isFalse();
        assertThat(up.reason()).isEqualTo("escalated from fast (small-1) to balanced (mid-2): the answer was truncated (max tokens)");
        assertThat(resolver.escalate(up, "again")).as("once").isNull();
        assertThat(resolver.escalate(resolver.resolve("fast", "x", List.of()), "x")).as("named tier").isNull();
        assertThat(new ModelResolver(ModelTiers.NONE, "m").escalate(new ModelResolver(ModelTiers.NONE, "m")
                .resolve("auto", "hi", List.of()), "x")).as("same model up the tiers").isNull();
    }
}
