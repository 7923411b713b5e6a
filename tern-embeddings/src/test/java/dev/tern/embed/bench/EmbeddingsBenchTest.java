package dev.tern.embed.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.embed.onnx.MiniLmModel;
import org.junit.jupiter.api.Test;

/** The benchmarks run end to end on small sizes and count what they claim; no timing is asserted. */
class EmbeddingsBenchTest {

    @Test
    void embedBenchEmbedsEachDistinctTextOnce() {
        EmbedBench.Result r = EmbedBench.run(MiniLmModel.ALL_MINILM_L6_V2_Q, 5, 20);
        // 1 cold + 30 warm-up + 5 singles + 20 batch texts are distinct; the cache-hit passes add none
        assertThat(r.embeddedTexts()).isEqualTo(56);
        assertThat(r.requestedTexts()).isEqualTo(56 + 5 + 20);
        assertThat(r.single().count()).isEqualTo(5);
        assertThat(r.report()).contains("all-MiniLM-L6-v2-q").contains("p50");
    }

    @Test
    void indexBenchMeasuresEveryKindOfSearch() {
        IndexBench.Result r = IndexBench.run(3000, 64, 2, 20);
        assertThat(r.vectors()).isEqualTo(3000);
        assertThat(r.search().count()).isEqualTo(20);
        assertThat(r.filtered().count()).isEqualTo(20);
        assertThat(r.among().count()).isEqualTo(20);
        assertThat(r.rerankedPerSearch()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void pairedIndexBenchTimesBothIndexesOnTheSameQueries() {
        IndexBench.Pair p = IndexBench.runPair(3000, 64, 2, 20);
        assertThat(p.one().threads()).isEqualTo(1);
        assertThat(p.many().threads()).isEqualTo(2);
        for (IndexBench.Result r : java.util.List.of(p.one(), p.many())) {
            assertThat(r.vectors()).isEqualTo(3000);
            assertThat(r.search().count()).isEqualTo(20);
            assertThat(r.searchCpu().count()).isEqualTo(20);
            assertThat(r.filtered().count()).isEqualTo(20);
            assertThat(r.among().count()).isEqualTo(20);
            // the same vectors and queries: the int8 bound lets the same candidates through in both
            assertThat(r.rerankedPerSearch()).isGreaterThanOrEqualTo(10);
        }
        assertThat(p.many().rerankedPerSearch()).isEqualTo(p.one().rerankedPerSearch());
        assertThat(p.many().heapMiB()).isEqualTo(p.one().heapMiB()).isPositive();
    }

    @Test
    void routingReusesTheDiskCacheAtTheNextStart() {
        ScenarioBench.Routing r = ScenarioBench.routing(12, 5);
        // 1 warm-up + 12 descriptions at the first start; none at the second; 30 warm-up + 5 tasks
        assertThat(r.embeddedTexts()).isEqualTo(1 + 12 + 30 + 5);
        assertThat(r.route().count()).isEqualTo(5);
    }

    @Test
    void recallNeverEmbedsAFactTwice() {
        ScenarioBench.Recall r = ScenarioBench.recall(3000, 100, 5);
        assertThat(r.facts()).isEqualTo(3000);
        assertThat(r.reingestEmbedded()).isZero();
        assertThat(r.recall().count()).isEqualTo(5);
    }
}
