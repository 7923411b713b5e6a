package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The embeddings scenario end to end on small sizes, a fresh JVM included; what it counts is checked, no timing. */
class EmbeddingsBenchTest {

    @Test
    void everyRowIsMeasuredAndNoTextIsEmbeddedTwice() throws Exception {
        BenchReport r = new EmbeddingsBench().run(1, 2, 2, 5, 20, 3000, 20);
        assertThat(r.rows()).extracting(BenchReport.Row::metric).contains(
                "first text in a fresh JVM, model load included (C1, as tern run)",
                "model loaded again in the same JVM (what a reload after the idle unload costs), first text included",
                "index: 2 threads / one thread, search p50, same queries interleaved");
        BenchReport.Row once = r.rows().stream().filter(x -> x.metric().startsWith("texts the model embedded")).findFirst().orElseThrow();
        // 1 load + 30 warm-up + 5 singles + 20 batch texts are distinct; the cache-hit passes ask for 5 + 20 more
        assertThat(once.value()).startsWith("56 / 81 (56 distinct)");
        assertThat(r.rows()).extracting(BenchReport.Row::metric).contains("cache hit (memory tier), warm, p50");
        assertThat(once.pass()).isTrue();
        assertThat(r.rows()).filteredOn(x -> x.metric().startsWith("first text in a fresh JVM")).singleElement()
                .satisfies(x -> assertThat(x.value()).matches("\\d+ ms \\(min \\d+, max \\d+, n 1\\)"));
        assertThat(r.toMarkdown()).contains("### embeddings:").contains("index memory at 3 000 × 384");
    }
}
