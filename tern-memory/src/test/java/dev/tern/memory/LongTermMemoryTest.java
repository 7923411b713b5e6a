package dev.tern.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.facts.Fact;
import dev.tern.memory.facts.FactWrite;
import dev.tern.memory.graph.Entity;
import dev.tern.memory.recall.RecallItem;
import dev.tern.memory.store.ScoredId;
import dev.tern.memory.testutil.BagOfWordsEmbedder;
import dev.tern.memory.testutil.TestMemory;
import dev.tern.memory.vector.Embeddings;
import dev.tern.workspace.memory.ConsolidationAnswer;
import dev.tern.workspace.memory.ConsolidationSink;
import dev.tern.workspace.memory.ExtractedFact;
import dev.tern.workspace.memory.ExtractedRelation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long-term memory fed by consolidation and by hand (MEMORY.md edits), vectors backfilled, nothing embedded twice. */
class LongTermMemoryTest {

    @TempDir Path ws;
    final Clock clock = Clock.fixed(Instant.parse("2026-07-01T12:00:00Z"), ZoneOffset.UTC);

    private WorkspaceMemory open(Embeddings e) {
        return TestMemory.open(ws, e, clock);
    }

    private static ConsolidationSink.Consolidation consolidation(ConsolidationAnswer a) {
        return new ConsolidationSink.Consolidation("cli:direct", Instant.parse("2026-07-01T11:00:00Z"), Instant.parse("2026-07-01T11:30:00Z"),
                12, "USER: ...", a);
    }

    @Test
    void aConsolidationStoresTheEpisodeTheFactsAndTheGraphAndRendersMemoryMd() throws Exception {
        BagOfWordsEmbedder words = new BagOfWordsEmbedder("bow", 64);
        try (WorkspaceMemory m = open(Embeddings.of(words))) {
            LongTermMemory lt = m.longTerm();
            boolean kept = lt.accept(consolidation(new ConsolidationAnswer("[2026-07-01 11:00] Talked about Ines starting school.", null, true,
                    List.of(new ExtractedFact("Ines starts school in September.", "Ines", "school", 0.9, null),
                            new ExtractedFact("The user's daughter is Ines.", "user", "daughter", 1, null)),
                    List.of(new ExtractedRelation("Ines", "daughter of", "Maya", "person", "person")))));
            assertThat(kept).isTrue();
            assertThat(lt.episodes().recent(5)).singleElement().satisfies(e -> {
                assertThat(e.session()).isEqualTo("cli:direct");
                assertThat(e.messageCount()).isEqualTo(12);
            });
            List<Fact> facts = lt.facts().current(0, 10);
            assertThat(facts).extracting(Fact::source).containsOnly("consolidation:cli:direct");
            assertThat(facts).allSatisfy(f -> assertThat(f.episodeId()).isEqualTo(lt.episodes().recent(1).getFirst().id()));
            Entity ines = lt.graph().findByNames(List.of("ines")).getFirst();
            assertThat(lt.graph().factsOf(List.of(ines.id()), 10)).hasSize(2);   // subject and mention
            assertThat(lt.graph().findByNames(List.of("user"))).isEmpty();          // the user is no graph hub
            // the summary and both facts embedded, in one batch, once
            assertThat(words.texts.get()).isEqualTo(3);
            assertThat(lt.memoryContext("Ines and school")).contains("#" + facts.getFirst().id() + " Ines starts school in September.");
            lt.flushView();
            String md = Files.readString(ws.resolve("memory/MEMORY.md"));
            assertThat(md).contains("## Ines\n\n- Ines starts school in September. <!-- #").contains("## user\n\n- The user's daughter is Ines.");
            // recall finds it through the graph even without a shared word
            assertThat(lt.search("tell me about Ines", 5)).extracting(RecallItem::text).contains("Ines starts school in September.");
        }
    }

    @Test
    void aModelThatOnlyRewritesMemoryMdStillFeedsFacts() {
        try (WorkspaceMemory m = open(Embeddings.none())) {
            m.longTerm().accept(consolidation(new ConsolidationAnswer("[2026-07-01 11:00] x", "# Memory\n\n- The user likes tea.\n- The user hates noise.\n",
                    true)));
            assertThat(m.longTerm().facts().current(0, 10)).extracting(Fact::text).containsExactly("The user likes tea.", "The user hates noise.");
        }
    }

    @Test
    void handEditsOfMemoryMdBecomeFactsAndALegacyFileIsImported() throws Exception {
        Files.createDirectories(ws.resolve("memory"));
        Files.writeString(ws.resolve("memory/MEMORY.md"), "# Memory\n\n## Preferences\n- **Likes** green tea\n- Works late on Fridays\n\n```\ncode\n```\n");
        try (WorkspaceMemory m = open(Embeddings.none())) {
            LongTermMemory lt = m.longTerm();
            assertThat(lt.facts().current(0, 10)).extracting(Fact::text, Fact::source).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("Likes green tea", "MEMORY.md"),
                    org.assertj.core.groups.Tuple.tuple("Works late on Fridays", "MEMORY.md"));
            String md = Files.readString(ws.resolve("memory/MEMORY.md"));
            assertThat(md).contains("Generated by Tern");
            long tea = lt.facts().current(0, 10).getFirst().id();
            long fridays = lt.facts().current(0, 10).get(1).id();
            String edited = md.replace("- Likes green tea <!-- #" + tea + " -->", "- Likes jasmine tea <!-- #" + tea + " -->")
                    .replace("- Works late on Fridays <!-- #" + fridays + " -->\n", "")
                    + "\n## Bo\n\n- Bo is a chef in Ghent\n";
            Files.writeString(ws.resolve("memory/MEMORY.md"), edited);
            lt.syncView();
            List<Fact> now = lt.facts().current(0, 10);
            assertThat(now).extracting(Fact::text).containsExactlyInAnyOrder("Likes jasmine tea", "Bo is a chef in Ghent");
            assertThat(now).filteredOn(f -> f.text().startsWith("Bo")).singleElement().extracting(Fact::subject).isEqualTo("Bo");
            assertThat(lt.facts().get(tea).orElseThrow().supersededBy()).isNotNull();
            assertThat(lt.facts().get(fridays)).isEmpty();
            assertThat(Files.readString(ws.resolve("memory/MEMORY.md"))).contains("Likes jasmine tea").doesNotContain("Fridays");
        }
    }

    @Test
    void factsStoredWithoutAnEmbedderGetVectorsLaterAndAModelChangeRedoesThem() throws Exception {
        try (WorkspaceMemory m = open(Embeddings.none())) {
            m.longTerm().remember("The user keeps bees on the roof.", "user");
        }
        BagOfWordsEmbedder first = new BagOfWordsEmbedder("bow-a", 32);
        try (WorkspaceMemory m = open(Embeddings.of(first))) {
            assertThat(m.hasVectors()).isFalse();
            m.backfillInBackground();
            m.awaitBackfill();
            assertThat(m.hasVectors()).isTrue();
            assertThat(m.longTerm().facts().similar(first.embed("bees on the roof"), 1)).hasSize(1);
            FactWrite again = m.longTerm().remember("The user keeps bees on the roof.", "user");
            assertThat(again.kind()).isEqualTo(FactWrite.Kind.CONFIRMED);
            assertThat(first.texts.get()).isEqualTo(2);    // the backfill and the probe above, never the confirmation
        }
        BagOfWordsEmbedder second = new BagOfWordsEmbedder("bow-b", 48);
        try (WorkspaceMemory m = open(Embeddings.of(second))) {
            assertThat(m.hasVectors()).isFalse();          // another model's vectors are not comparable: dropped
            m.backfillInBackground();
            m.awaitBackfill();
            List<ScoredId> hits = m.longTerm().facts().similar(second.embed("bees"), 1);
            assertThat(hits).hasSize(1);
        }
    }

    @Test
    void anEmbedderThatFailsLosesNothingAndRecallFallsBackToKeywords() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();          // closed again: nothing listens there
        }
        var config = dev.tern.embed.openai.OpenAiEmbeddingConfig.of(java.net.URI.create("http://127.0.0.1:" + port + "/v1"), null,
                "text-embedding-3-small").withDimensions(64).withRetries(0, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1));
        Embeddings down = Embeddings.of(new dev.tern.embed.openai.OpenAiEmbedder(java.net.http.HttpClient.newHttpClient(), config));
        try (WorkspaceMemory m = open(down)) {
            FactWrite w = m.longTerm().remember("The user's bicycle is a green Brompton.", "user");
            assertThat(w.kind()).isEqualTo(FactWrite.Kind.ADDED);
            assertThat(m.longTerm().facts().get(w.fact().id())).isPresent();
            assertThat(down.failures()).isPositive();
            assertThat(m.longTerm().recall("Where is my Brompton bicycle?", true).injected())
                    .extracting(RecallItem::text).containsExactly("The user's bicycle is a green Brompton.");
            assertThat(((dev.tern.memory.facts.SqliteFactStore) m.longTerm().facts()).missingVectors(10)).hasSize(1);   // the backfill will embed it once the endpoint answers
        }
    }
}
