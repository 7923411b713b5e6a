package dev.tern.memory.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.store.ScoredId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RunStore} must do: extend it and open a fresh, empty store with 4-dim vectors. */
public abstract class RunStoreContract {

    protected static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    protected RunStore runs;

    protected abstract RunStore open();

    @BeforeEach
    void setUp() {
        runs = open();
    }

    static RunDraft run(String agent, String task, Instant at, float... v) {
        return new RunDraft(agent, task, "answer to " + task, true, "COMPLETED", 1200, 300, 0.004, Duration.ofMillis(2500),
                "gpt-4o-mini", "cli:direct", at, v.length == 0 ? null : v);
    }

    @Test
    void storesEveryFieldOfARun() {
        RunRecord r = runs.add(new RunDraft("reviewer", "Review the login handler", "Found two bugs", false, "MAX_ITERATIONS",
                5000, 700, 0.0125, Duration.ofSeconds(42), "claude-sonnet-4-5", "cli:direct", T0, null));
        RunRecord back = runs.get(List.of(r.id())).getFirst();
        assertThat(back).isEqualTo(r);
        assertThat(back.agent()).isEqualTo("reviewer");
        assertThat(back.success()).isFalse();
        assertThat(back.outcome()).isEqualTo("MAX_ITERATIONS");
        assertThat(back.inputTokens()).isEqualTo(5000);
        assertThat(back.outputTokens()).isEqualTo(700);
        assertThat(back.costUsd()).isEqualTo(0.0125);
        assertThat(back.duration()).isEqualTo(Duration.ofSeconds(42));
        assertThat(back.finishedAt()).isEqualTo(T0);
        assertThat(back.taskHash()).hasSize(16);
    }

    @Test
    void aBatchKeepsItsOrderAndEveryCharacterAndNull() {
        List<RunDraft> ds = List.of(
                new RunDraft("ops", "Quote \"this\" and a back\\slash\nnew line, tab\t", "résumé 🚀 — done", true, "COMPLETED",
                        1, 2, 0.5, Duration.ofMillis(1), null, null, T0, null),
                new RunDraft("ops", "Second: 'single' quotes; DROP TABLE runs; --", "", false, "FAILED", 0, 0, 0.0,
                        Duration.ZERO, "m", "s", T0.plusMillis(1), null),
                new RunDraft("writer", "Third, written in 中文 and العربية", "x", true, "COMPLETED", Long.MAX_VALUE / 4, 7,
                        12345.678, Duration.ofHours(2), "model-3", null, T0.plusSeconds(3), null));
        List<RunRecord> back = runs.addAll(ds);
        assertThat(back).extracting(RunRecord::task).containsExactly(ds.get(0).task(), ds.get(1).task(), ds.get(2).task());
        assertThat(runs.get(back.stream().map(RunRecord::id).toList())).containsExactlyElementsOf(back);
        RunRecord first = back.getFirst();
        assertThat(first.summary()).isEqualTo("résumé 🚀 — done");
        assertThat(first.model()).isNull();
        assertThat(first.session()).isNull();
        assertThat(back.get(1).success()).isFalse();
        assertThat(back.get(1).costUsd()).isEqualTo(0.0);
        assertThat(back.get(2).inputTokens()).isEqualTo(Long.MAX_VALUE / 4);
        assertThat(back.get(2).costUsd()).isEqualTo(12345.678);
        assertThat(back.get(2).duration()).isEqualTo(Duration.ofHours(2));
        assertThat(back.get(2).finishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(runs.keyword("ops", "drop table", 5)).extracting(ScoredId::id).containsExactly(back.get(1).id());
        assertThat(runs.sameTask("writer", ds.get(2).task(), 5)).extracting(RunRecord::id).containsExactly(back.get(2).id());
    }

    @Test
    void keywordRecallStaysWithinTheAgentAndRanksByBm25() {
        runs.addAll(List.of(run("coder", "Fix the flaky payment webhook test", T0),
                run("coder", "Add pagination to the invoices endpoint", T0),
                run("writer", "Write release notes for the payment webhook", T0)));
        List<ScoredId> hits = runs.keyword("coder", "the payment webhook test fails sometimes", 5);
        assertThat(hits).hasSize(1);
        assertThat(runs.get(List.of(hits.getFirst().id())).getFirst().task()).isEqualTo("Fix the flaky payment webhook test");
        assertThat(runs.keyword("nobody", "payment webhook", 5)).isEmpty();
        assertThat(runs.keyword("writer", "payment webhook", 5)).hasSize(1);
    }

    @Test
    void vectorRecallIsPerAgent() {
        runs.addAll(List.of(run("a", "t1", T0, 1, 0, 0, 0), run("a", "t2", T0, 0, 1, 0, 0), run("b", "t3", T0, 1, 0, 0, 0)));
        List<ScoredId> hits = runs.similar("a", new float[] {1, 0.1f, 0, 0}, 5);
        assertThat(runs.get(hits.stream().map(ScoredId::id).toList())).extracting(RunRecord::task).containsExactly("t1", "t2");
        assertThat(runs.similar("c", new float[] {1, 0, 0, 0}, 5)).isEmpty();
    }

    @Test
    void theSameTaskIsFoundByItsHash() {
        runs.addAll(List.of(run("a", "Summarise  the README", T0), run("a", "summarise the readme!", T0.plusSeconds(9)),
                run("b", "Summarise the README", T0)));
        assertThat(runs.sameTask("a", "SUMMARISE THE README", 10)).extracting(RunRecord::finishedAt)
                .containsExactly(T0.plusSeconds(9), T0);
    }

    @Test
    void prunesByAgeAndByCountEverywhere() {
        List<RunDraft> ds = new ArrayList<>();
        for (int i = 0; i < 30; i++) ds.add(run(i % 2 == 0 ? "a" : "b", "task number " + i + " about invoices", T0.plus(Duration.ofDays(i)), 1, i, 0, 0));
        runs.addAll(ds);
        assertThat(runs.pruneOlderThan(T0.plus(Duration.ofDays(10)))).isEqualTo(10);
        assertThat(runs.count()).isEqualTo(20);
        assertThat(runs.pruneKeepingNewest(4)).isEqualTo(12);
        assertThat(runs.countByAgent()).containsEntry("a", 4L).containsEntry("b", 4L);
        assertThat(runs.recent("a", 10)).extracting(RunRecord::task).first().isEqualTo("task number 28 about invoices");
        assertThat(runs.keyword("a", "invoices", 50)).hasSize(4);
        assertThat(runs.similar("b", new float[] {1, 0, 0, 0}, 50)).hasSize(4);
    }
}
