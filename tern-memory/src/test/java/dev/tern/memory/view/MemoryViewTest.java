package dev.tern.memory.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.facts.Fact;
import dev.tern.memory.facts.FactDraft;
import dev.tern.memory.facts.SqliteFactStore;
import dev.tern.memory.store.Meta;
import dev.tern.memory.store.SqliteDatabase;
import dev.tern.workspace.memory.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MEMORY.md re-rendered subject by subject after the first render: whatever the changes, the text is the one a whole
 * render of the same facts writes.
 */
class MemoryViewTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    // case and spacing variants of one name share a key; "--" and "?!" normalise to the empty key, which is rendered with
    // the facts without a subject; the supplementary-plane name tests the ordering
    private static final String[] SUBJECTS = {null, null, "Alda Berrow", "alda  berrow", "ALDA BERROW", "Bruno Castell",
            "Heron", "heron", "Zoë", "émile", "Ørjan", "\uD835\uDD18nicode", "Project Falcon 7", "Oslo", "the", "The Acme Corp.", "--", "?!"};
    private static final String[] ATTRIBUTES = {null, null, null, "city", "role", "drink", "team"};

    @TempDir
    Path dir;

    private final List<SqliteDatabase> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(SqliteDatabase::close);
    }

    @Test
    void renderingOnlyTheChangedSubjectsWritesWhatAWholeRenderWrites() throws Exception {
        SqliteDatabase db = db();
        SqliteFactStore facts = new SqliteFactStore(db, 4);
        SqliteFactStore otherProcess = new SqliteFactStore(db(), 4);
        MemoryView view = new MemoryView(new MemoryStore(dir), facts, new Meta(db));
        Random r = new Random(2026);
        Instant at = T0;
        view.render(at);
        for (int step = 0; step < 300; step++) {
            at = at.plusSeconds(60);
            SqliteFactStore writer = r.nextInt(5) == 0 ? otherProcess : facts;
            int op = r.nextInt(10);
            if (op < 6) {
                List<FactDraft> batch = new ArrayList<>();
                for (int i = r.nextInt(4); i >= 0; i--) {
                    batch.add(new FactDraft("Fact " + step + "." + i + " line\nwith a break " + r.nextInt(1000), SUBJECTS[r.nextInt(SUBJECTS.length)],
                            ATTRIBUTES[r.nextInt(ATTRIBUTES.length)], 0.9, "test", null, at, null, null));
                }
                writer.addAll(batch);
            } else if (op < 8) {
                List<Fact> current = facts.current(0, 10_000);
                if (!current.isEmpty()) writer.forget(List.of(current.get(r.nextInt(current.size())).id()));
            } else {
                List<Fact> current = facts.current(0, 10_000);
                if (!current.isEmpty()) {
                    Fact old = current.get(r.nextInt(current.size()));
                    writer.addAll(List.of(new FactDraft("Replaced at step " + step, r.nextBoolean() ? null : SUBJECTS[r.nextInt(SUBJECTS.length)],
                            null, 0.9, "test", null, at, null, old.id())));
                }
            }
            String incremental = view.render(at);
            String whole = new MemoryView(new MemoryStore(dir.resolve("whole")), facts, new Meta(db)).render(at);
            assertThat(incremental).as("step %d", step).isEqualTo(whole);
            assertThat(Files.readString(dir.resolve("memory/MEMORY.md"))).isEqualTo(incremental);
        }
        // the General section holds both: facts without a subject and one whose subject normalised to nothing
        facts.addAll(List.of(FactDraft.said("No subject at the end", "test", at),
                new FactDraft("A subject of punctuation", "--", null, 0.9, "test", null, at, null, null)));
        List<dev.tern.memory.facts.FactLine> general = new ArrayList<>();
        facts.forEachCurrentLine("", general::add);
        assertThat(general).anyMatch(l -> l.subjectKey() == null).anyMatch(l -> "".equals(l.subjectKey()));
        assertThat(view.render(at.plusSeconds(1))).isEqualTo(new MemoryView(new MemoryStore(dir.resolve("whole")), facts, new Meta(db))
                .render(at.plusSeconds(1)));
        // most renders copied sections (one or two subjects change per step), so the comparison above tested the splice
        assertThat(view.splicedRenders()).isGreaterThan(200);
        assertThat(facts.countCurrent()).isGreaterThan(50);
    }

    @Test
    void everyFactForgottenLeavesTheEmptyView() {
        SqliteDatabase db = db();
        SqliteFactStore facts = new SqliteFactStore(db, 4);
        MemoryView view = new MemoryView(new MemoryStore(dir), facts, new Meta(db));
        facts.addAll(List.of(new FactDraft("Alda lives in Bergen", "Alda Berrow", "city", 0.9, "test", null, T0, null, null),
                FactDraft.said("The office is in Oslo", "test", T0)));
        assertThat(view.render(T0)).contains("## Alda Berrow", "## General", "- The office is in Oslo <!-- #");
        facts.forget(facts.current(0, 10).stream().map(Fact::id).toList());
        String empty = view.render(T0.plusSeconds(1));
        assertThat(empty).endsWith("\n(no facts yet)\n").doesNotContain("##");
    }

    private SqliteDatabase db() {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("memory.db"));
        open.add(db);
        return db;
    }
}
