package dev.tern.memory.recall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.WorkspaceMemory;
import dev.tern.memory.facts.FactDraft;
import dev.tern.memory.facts.FactWrite;
import dev.tern.memory.testutil.TestMemory;
import dev.tern.memory.vector.Embeddings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 "done when": facts told in an earlier session are recalled when relevant and not injected
 * when irrelevant, measured on 55 questions (30 relevant, 25 irrelevant) with the real local
 * embedding model; precision and recall are printed.
 */
class RecallPrecisionTest {

    @TempDir
    static Path dir;

    static WorkspaceMemory memory;
    static final Map<Long, Integer> NUMBER = new HashMap<>();

    @BeforeAll
    static void tellTheFacts() {
        Instant t = Instant.parse("2026-05-01T10:00:00Z");
        memory = TestMemory.open(dir, TestMemory.localEmbeddings(), Clock.fixed(t.plusSeconds(86_400 * 20), ZoneOffset.UTC));
        memory.longTerm().graph().addRelations(UserFacts.RELATIONS, null, t);
        List<FactDraft> drafts = new ArrayList<>();
        for (UserFacts.F f : UserFacts.FACTS) drafts.add(new FactDraft(f.text(), "user", f.attribute(), 1.0, "consolidation:cli:1", null, t, null, null));
        List<FactWrite> ws = memory.longTerm().remember(drafts);
        for (int i = 0; i < ws.size(); i++) NUMBER.put(ws.get(i).fact().id(), i + 1);
    }

    @AfterAll
    static void close() {
        memory.close();
    }

    @Test
    void relevantFactsAreRecalledAndIrrelevantQuestionsStayClean() {
        int relevantHit = 0;
        int injected = 0;
        int injectedRelevant = 0;
        int irrelevantClean = 0;
        double maxIrrelevant = 0;
        int relevantOverThreshold = 0;
        StringBuilder report = new StringBuilder();
        List<UserFacts.Q> all = new ArrayList<>(UserFacts.RELEVANT);
        all.addAll(UserFacts.IRRELEVANT);
        for (UserFacts.Q q : all) {
            RecallResult r = memory.longTerm().recall(q.text(), true);
            List<Integer> facts = new ArrayList<>();
            for (RecallItem i : r.injected()) if (i.kind() == RecallItem.Kind.FACT) facts.add(NUMBER.get(i.id()));
            long other = r.injected().stream().filter(i -> i.kind() != RecallItem.Kind.FACT).count();
            injected += facts.size();
            for (int f : facts) if (q.relevant().contains(f)) injectedRelevant++;
            if (q.relevant().isEmpty()) {
                if (r.injected().isEmpty()) irrelevantClean++;
            } else if (facts.stream().anyMatch(q.relevant()::contains)) {
                relevantHit++;
            }
            assertThat(r.tokens()).isLessThanOrEqualTo(RecallOptions.DEFAULT.tokenBudget());
            report.append(String.format(Locale.ROOT, "%-75s expect %-12s injected %s%s%n", q.text(), q.relevant(), facts,
                    other > 0 ? " +" + other + " other" : ""));
            // the score distribution behind the threshold: best relevant vs best other candidate
            double bestRel = 0;
            double bestOther = 0;
            for (RecallItem i : memory.longTerm().search(q.text(), 40)) {
                Integer n = i.kind() == RecallItem.Kind.FACT ? NUMBER.get(i.id()) : null;
                if (n != null && q.relevant().contains(n)) bestRel = Math.max(bestRel, i.score());
                else bestOther = Math.max(bestOther, i.score());
            }
            if (q.relevant().isEmpty()) maxIrrelevant = Math.max(maxIrrelevant, bestOther);
            else if (bestRel >= RecallOptions.DEFAULT.threshold()) relevantOverThreshold++;
        }
        double recall = (double) relevantHit / UserFacts.RELEVANT.size();
        double precision = injected == 0 ? 1 : (double) injectedRelevant / injected;
        report.append(String.format(Locale.ROOT, "recall %.2f (%d/%d relevant questions got a relevant fact), precision %.2f"
                        + " (%d/%d injected facts relevant), irrelevant questions clean %d/%d%n", recall, relevantHit,
                UserFacts.RELEVANT.size(), precision, injectedRelevant, injected, irrelevantClean, UserFacts.IRRELEVANT.size()));
        report.append(String.format(Locale.ROOT, "threshold %.2f: best irrelevant candidate %.3f; %d/%d relevant questions have a"
                + " relevant fact over it%n", RecallOptions.DEFAULT.threshold(), maxIrrelevant, relevantOverThreshold, UserFacts.RELEVANT.size()));
        System.out.print(report);
        assertThat(UserFacts.RELEVANT.size() + UserFacts.IRRELEVANT.size()).isGreaterThanOrEqualTo(50);
        assertThat(irrelevantClean).as(report.toString()).isEqualTo(UserFacts.IRRELEVANT.size());
        assertThat(recall).as(report.toString()).isGreaterThanOrEqualTo(0.8);
        assertThat(precision).as(report.toString()).isGreaterThanOrEqualTo(0.6);
    }

    /** Without vectors (embeddings off, or an embedder that fails) keywords and the graph decide: irrelevant questions stay clean too. */
    @Test
    void keywordsAndGraphAloneKeepIrrelevantQuestionsClean() {
        var lt = memory.longTerm();
        Recall keywords = new Recall(lt.facts(), lt.episodes(), lt.graph(), dev.tern.memory.vector.Embeddings.none(), TestMemory.tokens(),
                Clock.systemUTC());
        int hits = 0;
        int clean = 0;
        for (UserFacts.Q q : UserFacts.RELEVANT) {
            for (RecallItem i : keywords.recall(q.text(), RecallOptions.DEFAULT, true).injected()) {
                if (i.kind() == RecallItem.Kind.FACT && q.relevant().contains(NUMBER.get(i.id()))) {
                    hits++;
                    break;
                }
            }
        }
        double maxIrrelevant = 0;
        for (UserFacts.Q q : UserFacts.IRRELEVANT) {
            if (keywords.recall(q.text(), RecallOptions.DEFAULT, true).injected().isEmpty()) clean++;
            for (RecallItem i : keywords.search(q.text(), 1, RecallOptions.DEFAULT)) maxIrrelevant = Math.max(maxIrrelevant, i.score());
        }
        java.util.List<Double> relevantBest = new java.util.ArrayList<>();
        for (UserFacts.Q q : UserFacts.RELEVANT) {
            double best = 0;
            for (RecallItem i : keywords.search(q.text(), 40, RecallOptions.DEFAULT)) {
                if (i.kind() == RecallItem.Kind.FACT && q.relevant().contains(NUMBER.get(i.id()))) best = Math.max(best, i.score());
            }
            relevantBest.add(best);
        }
        java.util.Collections.sort(relevantBest);
        System.out.println("keywords only: best irrelevant " + maxIrrelevant + ", best relevant per question " + relevantBest);
        System.out.printf(Locale.ROOT, "keywords and graph only: %d/%d relevant questions got a relevant fact, irrelevant clean %d/%d%n",
                hits, UserFacts.RELEVANT.size(), clean, UserFacts.IRRELEVANT.size());
        assertThat(clean).isEqualTo(UserFacts.IRRELEVANT.size());
        assertThat(hits).isGreaterThanOrEqualTo(UserFacts.RELEVANT.size() / 3);
    }
}
