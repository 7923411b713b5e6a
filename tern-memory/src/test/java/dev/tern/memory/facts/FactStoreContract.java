package dev.tern.memory.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.store.ScoredId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FactStore} must do (SQLite now, PostgreSQL later): extend it and open a fresh,
 * empty store in {@link #open()}.
 */
public abstract class FactStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-10T09:00:00Z");

    protected FactStore store;

    /** A fresh, empty store with 4-dimensional vectors. */
    protected abstract FactStore open();

    /** The same store as another process (or the next run) would see it. */
    protected abstract FactStore reopen();

    @BeforeEach
    void setUp() {
        store = open();
    }

    static float[] v(float... xs) { return xs; }

    @Test
    void storesAFactWithProvenanceAndTypedTimes() {
        FactWrite w = store.add(new FactDraft("The user lives in Lisbon.", "user", "city", 0.9, "consolidation:cli:a", null,
                T0, v(1, 0, 0, 0), null));
        assertThat(w.kind()).isEqualTo(FactWrite.Kind.ADDED);
        Fact f = store.get(w.fact().id()).orElseThrow();
        assertThat(f.text()).isEqualTo("The user lives in Lisbon.");
        assertThat(f.subject()).isEqualTo("user");
        assertThat(f.attribute()).isEqualTo("city");
        assertThat(f.confidence()).isEqualTo(0.9);
        assertThat(f.source()).isEqualTo("consolidation:cli:a");
        assertThat(f.validFrom()).isEqualTo(T0);
        assertThat(f.confirmedAt()).isEqualTo(T0);
        assertThat(f.current()).isTrue();
        assertThat(store.countCurrent()).isEqualTo(1);
    }

    @Test
    void theSameFactAgainIsAConfirmationNotADuplicate() {
        long id = store.add(FactDraft.said("The user is vegetarian.", "user", T0)).fact().id();
        FactWrite again = store.add(FactDraft.said("the user is  VEGETARIAN", "user", T0.plus(Duration.ofDays(30))));
        assertThat(again.kind()).isEqualTo(FactWrite.Kind.CONFIRMED);
        assertThat(again.fact().id()).isEqualTo(id);
        assertThat(again.fact().confirmedAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(store.countAll()).isEqualTo(1);
    }

    @Test
    void aContradictingFactSupersedesTheOldOneWhichStaysAsHistory() {
        long lisbon = store.add(new FactDraft("The user lives in Lisbon.", "user", "city", 1, "user", null, T0, v(1, 0, 0, 0), null)).fact().id();
        Instant later = T0.plus(Duration.ofDays(90));
        FactWrite w = store.add(new FactDraft("The user lives in Porto.", "User", "City", 1, "user", null, later, v(0, 1, 0, 0), null));
        assertThat(w.kind()).isEqualTo(FactWrite.Kind.SUPERSEDED);
        assertThat(w.superseded()).isEqualTo(lisbon);
        Fact old = store.get(lisbon).orElseThrow();
        assertThat(old.current()).isFalse();
        assertThat(old.validTo()).isEqualTo(later);
        assertThat(old.supersededBy()).isEqualTo(w.fact().id());
        assertThat(store.history(w.fact().id())).extracting(Fact::text)
                .containsExactly("The user lives in Porto.", "The user lives in Lisbon.");
        // only the current fact is searchable
        assertThat(store.keyword("where does the user live, Lisbon or Porto?", 10)).extracting(ScoredId::id)
                .containsExactly(w.fact().id());
        assertThat(store.similar(v(1, 0, 0, 0), 5)).extracting(ScoredId::id).containsExactly(w.fact().id());
        assertThat(store.countCurrent()).isEqualTo(1);
        assertThat(store.countAll()).isEqualTo(2);
    }

    @Test
    void anExplicitReplacementSupersedesThatFact() {
        long old = store.add(FactDraft.said("The user's favourite editor is vim.", "user", T0)).fact().id();
        FactWrite w = store.add(new FactDraft("The user's favourite editor is Emacs now.", null, null, 1, "user", null,
                T0.plusSeconds(60), null, old));
        assertThat(w.kind()).isEqualTo(FactWrite.Kind.SUPERSEDED);
        assertThat(store.get(old).orElseThrow().supersededBy()).isEqualTo(w.fact().id());
    }

    @Test
    void aBatchIsStoredInOrderAndCanSupersedeWithinItself() {
        List<FactWrite> ws = store.addAll(List.of(
                new FactDraft("Ana works at Acme.", "Ana", "employer", 1, "s", null, T0, v(1, 1, 0, 0), null),
                new FactDraft("Ana has a cat named Miso.", "Ana", "pet", 1, "s", null, T0, v(0, 0, 1, 0), null),
                new FactDraft("Ana works at Globex.", "ana", "employer", 1, "s", null, T0.plusSeconds(5), v(0, 1, 1, 0), null)));
        assertThat(ws).extracting(FactWrite::kind)
                .containsExactly(FactWrite.Kind.ADDED, FactWrite.Kind.ADDED, FactWrite.Kind.SUPERSEDED);
        assertThat(store.aboutSubjects(List.of("ANA"), 10)).extracting(Fact::text)
                .containsExactlyInAnyOrder("Ana has a cat named Miso.", "Ana works at Globex.");
        assertThat(store.similar(v(1, 1, 0, 0), 10)).extracting(ScoredId::id).doesNotContain(ws.get(0).fact().id());
    }

    @Test
    void keywordSearchRanksByBm25WithStemming() {
        store.addAll(List.of(FactDraft.said("The user is allergic to peanuts.", "user", T0),
                FactDraft.said("The user plays the cello on weekends.", "user", T0),
                FactDraft.said("The user's sister is a nurse.", "user", T0)));
        List<ScoredId> hits = store.keyword("Any peanut allergies I should know about?", 5);
        assertThat(hits).hasSize(1);
        assertThat(store.get(hits.getFirst().id()).orElseThrow().text()).contains("peanuts");
        assertThat(hits.getFirst().score()).isPositive();
        assertThat(store.keyword("the a of", 5)).isEmpty();
        assertThat(store.keyword("\"unbalanced OR NEAR(", 5)).isEmpty();
    }

    @Test
    void forgetDeletesTheFactAndItsHistoryFromEveryIndex() {
        long v1 = store.add(new FactDraft("Bo drives a Volvo.", "Bo", "car", 1, "s", null, T0, v(1, 0, 0, 0), null)).fact().id();
        long v2 = store.add(new FactDraft("Bo drives a Saab.", "Bo", "car", 1, "s", null, T0.plusSeconds(9), v(0, 1, 0, 0), null)).fact().id();
        long other = store.add(new FactDraft("Bo likes jazz.", "Bo", "music", 1, "s", null, T0, v(0, 0, 1, 0), null)).fact().id();
        assertThat(store.forget(List.of(v2))).containsExactlyInAnyOrder(v1, v2);
        assertThat(store.get(List.of(v1, v2, other))).extracting(Fact::id).containsExactly(other);
        assertThat(store.keyword("Saab Volvo", 5)).isEmpty();
        assertThat(store.similar(v(0, 1, 0, 0), 5)).extracting(ScoredId::id).containsExactly(other);
        assertThat(store.forget(List.of(12345L))).isEmpty();
    }

    @Test
    void decayHalvesConfidenceEachHalfLifeUntilConfirmed() {
        long id = store.add(FactDraft.said("The user is training for a marathon.", "user", T0)).fact().id();
        Fact f = store.get(id).orElseThrow();
        assertThat(f.effectiveConfidence(T0.plus(Duration.ofDays(180)), Duration.ofDays(180))).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(store.confirm(List.of(id), T0.plus(Duration.ofDays(180)))).isEqualTo(1);
        Fact again = store.get(id).orElseThrow();
        assertThat(again.effectiveConfidence(T0.plus(Duration.ofDays(180)), Duration.ofDays(180))).isEqualTo(1.0);
    }

    @Test
    void streamsTheCurrentFactsLinesWithoutASubjectFirstThenBySubjectKeyAndId() {
        List<FactWrite> w = store.addAll(List.of(
                new FactDraft("Bruno likes tea", "Bruno Castell", "drink", 0.9, "said", null, T0, null, null),
                new FactDraft("The office is in Oslo", null, null, 0.9, "said", null, T0, null, null),
                new FactDraft("Alda leads Heron", "alda  berrow", "role", 0.9, "said", null, T0, null, null),
                new FactDraft("Bruno likes coffee", "Bruno Castell", "drink", 0.9, "said", null, T0, null, null),
                new FactDraft("Alda lives in Bergen", "Alda Berrow", "city", 0.9, "said", null, T0, null, null)));
        List<FactLine> lines = new ArrayList<>();
        store.forEachCurrentLine(lines::add);
        // the tea fact was superseded by the coffee one (same subject and attribute): history, not a line
        assertThat(lines).extracting(FactLine::text)
                .containsExactly("The office is in Oslo", "Alda leads Heron", "Alda lives in Bergen", "Bruno likes coffee");
        assertThat(lines.getFirst().subject()).isNull();
        assertThat(lines.getFirst().subjectKey()).isNull();
        assertThat(lines.get(1).subject()).isEqualTo(store.get(lines.get(1).id()).orElseThrow().subject());
        assertThat(lines.get(1).subjectKey()).isEqualTo(lines.get(2).subjectKey()).isEqualTo("alda berrow");
        assertThat(lines.get(1).id()).isEqualTo(w.get(2).fact().id());
        assertThat(lines.getLast().id()).isEqualTo(w.get(3).fact().id());
    }

    @Test
    void pagesThroughCurrentFactsWithoutLoadingThemAll() {
        List<FactDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 250; i++) drafts.add(FactDraft.said("Fact number " + i + " about item " + i, "s", T0));
        store.addAll(drafts);
        List<Long> seen = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Fact> page = store.current(after, 100);
            if (page.isEmpty()) break;
            assertThat(page.size()).isLessThanOrEqualTo(100);
            page.forEach(f -> seen.add(f.id()));
            after = page.getLast().id();
        }
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void whatOneInstanceWroteAnotherFinds() {
        long id = store.add(new FactDraft("Cy speaks Finnish.", "Cy", "language", 1, "s", null, T0, v(0, 0, 0, 1), null)).fact().id();
        FactStore other = reopen();
        assertThat(other.similar(v(0, 0, 0, 1), 3)).extracting(ScoredId::id).containsExactly(id);
        long id2 = other.add(new FactDraft("Cy speaks Estonian.", "Cy", "second language", 1, "s", null, T0, v(0, 0, 1, 1), null)).fact().id();
        other.forget(List.of(id));
        // the first instance follows the other's writes on its next search
        assertThat(store.similar(v(0, 0, 0, 1), 3)).extracting(ScoredId::id).containsExactly(id2);
        assertThat(store.keyword("Finnish", 3)).isEmpty();
    }
}
