package dev.tern.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.tern.embed.EmbeddingException;
import dev.tern.embed.Vectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class OnnxEmbedderTest {

    /** The default (quantised) model, shared by the tests that only read from it. */
    static final OnnxEmbedder MODEL = new OnnxEmbedder();

    @AfterAll
    static void close() {
        MODEL.close();
    }

    /** Published all-MiniLM-L6-v2 cosine similarities (sentence-transformers quick start and examples). */
    static final Object[][] REFERENCE = {
            {"The weather is lovely today.", "It's so sunny outside!", 0.6660},
            {"The weather is lovely today.", "He drove to the stadium.", 0.1046},
            {"It's so sunny outside!", "He drove to the stadium.", 0.1411},
            {"I'm happy", "I'm full of happiness", 0.6003},
    };

    @Test
    void fullModelReproducesSentenceTransformersReferenceSimilarities() {
        try (OnnxEmbedder full = new OnnxEmbedder(OnnxEmbedderOptions.defaults(MiniLmModel.ALL_MINILM_L6_V2))) {
            for (Object[] r : REFERENCE) {
                float[] a = full.embed((String) r[0]);
                float[] b = full.embed((String) r[1]);
                assertThat((double) Vectors.dot(a, b)).as("%s / %s", r[0], r[1]).isCloseTo((double) r[2], within(0.001));
            }
        }
    }

    @Test
    void quantisedModelStaysCloseToTheReference() {
        for (Object[] r : REFERENCE) {
            float[] a = MODEL.embed((String) r[0]);
            float[] b = MODEL.embed((String) r[1]);
            assertThat((double) Vectors.dot(a, b)).as("%s / %s", r[0], r[1]).isCloseTo((double) r[2], within(0.03));
        }
    }

    @Test
    void quantisedVectorsPointWhereTheFullModelsDo() {
        try (OnnxEmbedder full = new OnnxEmbedder(OnnxEmbedderOptions.defaults(MiniLmModel.ALL_MINILM_L6_V2))) {
            List<String> texts = new ArrayList<>();
            for (String[] t : SemanticPairs.TRIPLES) {
                texts.addAll(List.of(t));
            }
            List<float[]> q = MODEL.embedAll(texts);
            List<float[]> f = full.embedAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(Vectors.dot(q.get(i), f.get(i))).as(texts.get(i)).isGreaterThan(0.97f); // measured: mean 0.991, min 0.981 over 300 sentences
            }
        }
    }

    @Test
    void vectorsAreUnitLengthWithTheModelDimension() {
        for (String text : List.of("", "a", "The quick brown fox jumps over the lazy dog.", "word ".repeat(5000))) {
            float[] v = MODEL.embed(text);
            assertThat(v).hasSize(384);
            assertThat(Vectors.norm(v)).isCloseTo(1f, within(1e-4f));
        }
        assertThat(MODEL.dimension()).isEqualTo(384);
        assertThat(MODEL.modelId()).isEqualTo("all-MiniLM-L6-v2-q");
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedTexts() {
        for (String[] t : SemanticPairs.TRIPLES) {
            List<float[]> v = MODEL.embedAll(List.of(t));
            float para = Vectors.dot(v.get(0), v.get(1));
            float unrelated = Vectors.dot(v.get(0), v.get(2));
            assertThat(para).as("'%s' ~ '%s' vs '%s'", t[0], t[1], t[2]).isGreaterThan(unrelated + 0.1f);
        }
    }

    @Test
    void aBatchGivesTheSameVectorsAsSingleCalls() {
        List<String> texts = List.of("short", "a somewhat longer sentence about embeddings and padding",
                "", "Ünïcödé text with accents", "word ".repeat(300), "The weather is lovely today.");
        List<float[]> batch = MODEL.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] single = MODEL.embed(texts.get(i));
            for (int d = 0; d < single.length; d++) {
                assertThat(batch.get(i)[d]).as("text %d component %d", i, d).isCloseTo(single[d], within(1e-4f));
            }
        }
    }

    @Test
    void theQuantisedModelRunsEveryTextAloneSoItsVectorNeverDependsOnTheBatch() {
        try (OnnxEmbedder e = new OnnxEmbedder()) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                texts.add("sentence number " + i + " " + "padding ".repeat(i));
            }
            List<float[]> batch = e.embedAll(texts);
            assertThat(e.stats().runs()).isEqualTo(10);
            assertThat(e.stats().texts()).isEqualTo(10);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(batch.get(i)).containsExactly(MODEL.embed(texts.get(i)));
            }
        }
    }

    @Test
    void theFullModelRunsPaddedBatchesSplitBySizeInInputOrder() {
        try (OnnxEmbedder full = new OnnxEmbedder(OnnxEmbedderOptions.defaults(MiniLmModel.ALL_MINILM_L6_V2).withMaxBatchSize(3))) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                texts.add("sentence number " + i + " " + "padding ".repeat(i));
            }
            List<float[]> batch = full.embedAll(texts);
            assertThat(full.stats().runs()).isEqualTo(4);
            for (int i = 0; i < texts.size(); i++) {
                float[] single = full.embed(texts.get(i));
                for (int d = 0; d < single.length; d++) {
                    assertThat(batch.get(i)[d]).isCloseTo(single[d], within(1e-5f));
                }
            }
        }
    }

    @Test
    void textsLongerThanTheWindowAreTruncated() {
        String prefix = "memory ".repeat(300);
        float[] a = MODEL.embed(prefix + "about cats");
        float[] b = MODEL.embed(prefix + "about the stock market in 1987");
        assertThat(Vectors.dot(a, b)).isGreaterThan(0.9999f);
    }

    @Test
    void concurrentCallersGetTheSameVectorsAsSequentialOnes() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            texts.add("concurrent text " + i);
        }
        List<float[]> expected = MODEL.embedAll(texts);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<float[]>> futures = new ArrayList<>();
            for (String t : texts) {
                futures.add(pool.submit((Callable<float[]>) () -> MODEL.embed(t)));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertThat(Vectors.dot(futures.get(i).get(), expected.get(i))).isGreaterThan(0.9999f);
            }
        }
    }

    @Test
    void aCallerRunsItsOwnTextAndAVirtualThreadOnlyWhileAnotherCarrierStaysFree() throws Exception {
        try (OnnxEmbedder e = new OnnxEmbedder()) {
            float[] here = e.embed("where does this text run");
            assertThat(e.stats().runsOnCaller()).as("a platform caller runs the model itself").isEqualTo(1);
            float[] fromVirtual;
            try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
                fromVirtual = virtual.submit(() -> e.embed("where does this text run.")).get();
                assertThat(virtual.submit(() -> e.embed("where does this text run")).get()).containsExactly(here);
            }
            // one carrier stays free for the other virtual threads: on a single carrier every virtual caller hands off
            long onCarrier = LoadedModel.carriers() > 1 ? 2 : 0;
            assertThat(e.stats().runsOnCarrier()).as("runs on a virtual thread's carrier").isEqualTo(onCarrier);
            assertThat(e.stats().runsOnCaller()).isEqualTo(1 + onCarrier);
            assertThat(e.stats().runs()).isEqualTo(3);
            assertThat(e.stats().inferenceCpuNanos()).as("a carrier run counts its wall time").isPositive();
            assertThat(Vectors.dot(fromVirtual, here)).isGreaterThan(0.9f);
        }
    }

    @Test
    void modelRunsLeaveOneCarrierToTheOtherVirtualThreads() {
        assertThat(LoadedModel.carrierRuns(2, 1)).as("one carrier: every virtual caller hands off").isZero();
        assertThat(LoadedModel.carrierRuns(2, 2)).isEqualTo(1);
        assertThat(LoadedModel.carrierRuns(2, 8)).as("never more than the run slots").isEqualTo(2);
        assertThat(LoadedModel.carrierRuns(1, 4)).isEqualTo(1);
    }

    @Test
    void platformAndVirtualCallersTogetherNeverRunMoreModelsAtOnceThanTheRunThreads() throws Exception {
        try (OnnxEmbedder e = new OnnxEmbedder(OnnxEmbedderOptions.defaults().withThreads(1, 2));
             ExecutorService platform = Executors.newFixedThreadPool(6);
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 48; i++) texts.add("bounded concurrency text number " + i);
            List<float[]> expected = MODEL.embedAll(texts);
            List<Future<float[]>> got = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i);
                got.add((i % 2 == 0 ? platform : virtual).submit(() -> e.embed(t)));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertThat(got.get(i).get()).containsExactly(expected.get(i));
            }
            assertThat(e.stats().peakConcurrentRuns()).isBetween(1, 2);
            assertThat(e.stats().runsOnCaller()).isPositive().isLessThanOrEqualTo(48);
            assertThat(e.stats().runsOnCarrier()).isLessThanOrEqualTo(24);
            assertThat(e.counters()).containsEntry("modelRuns", 48L);
        }
    }

    @Test
    void theModelIsLoadedLazilyReleasedWhenIdleAndReloadedTransparently() {
        try (OnnxEmbedder e = new OnnxEmbedder(OnnxEmbedderOptions.defaults().withIdleTimeout(Duration.ofMillis(300)))) {
            assertThat(e.isLoaded()).isFalse();
            assertThat(e.stats().loads()).isZero();
            float[] first = e.embed("idle unload test");
            assertThat(e.stats().loads()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> !e.isLoaded());
            assertThat(e.stats().unloads()).isEqualTo(1);
            float[] again = e.embed("idle unload test");
            assertThat(e.stats().loads()).isEqualTo(2);
            assertThat(again).containsExactly(first);
            // the idle thread survives a reload: the model is released again
            await().atMost(Duration.ofSeconds(20)).until(() -> !e.isLoaded());
            assertThat(e.counters()).containsEntry("modelLoads", 2L).containsEntry("modelUnloads", 2L);
        }
    }

    @Test
    void aBusyModelIsNotReleased() {
        try (OnnxEmbedder e = new OnnxEmbedder(OnnxEmbedderOptions.defaults().withIdleTimeout(Duration.ofHours(1)))) {
            e.embed("keep me");
            assertThat(e.unloadIfIdle()).isFalse();
            assertThat(e.isLoaded()).isTrue();
        }
    }

    @Test
    void aClosedEmbedderRefusesWorkWithAClearError() {
        OnnxEmbedder e = new OnnxEmbedder();
        e.embed("x");
        e.close();
        assertThat(e.isLoaded()).isFalse();
        assertThatThrownBy(() -> e.embed("y")).isInstanceOf(EmbeddingException.class).hasMessageContaining("closed");
    }

    @Test
    void nullTextsAreRejected() {
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> MODEL.embedAll(withNull)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MODEL.embedAll(List.of())).isEmpty();
    }
}
