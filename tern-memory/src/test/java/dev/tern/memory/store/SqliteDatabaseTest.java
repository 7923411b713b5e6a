package dev.tern.memory.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store under every memory store: migrations, transactions, concurrency, two processes. */
class SqliteDatabaseTest {

    @TempDir Path dir;

    static final List<Migration> V1 = List.of(Migration.of(1, "t", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
    static final List<Migration> V2 = List.of(V1.getFirst(), Migration.of(2, "index on v", "CREATE INDEX t_v ON t (v)"));

    @Test
    void migrationsRunOnceInOrderAndANewerSchemaIsRefused() {
        Path file = dir.resolve("m.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.migrate("test", V1);
            db.migrate("test", V1);
            assertThat(db.schemaVersion("test")).isEqualTo(1);
            db.migrate("test", V2);
            assertThat(db.schemaVersion("test")).isEqualTo(2);
            assertThat(db.schemaVersion("other")).isZero();
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            assertThatThrownBy(() -> db.migrate("test", V1)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("version 2").hasMessageContaining("newer Tern");
            assertThatThrownBy(() -> db.migrate("bad", List.of(Migration.of(2, "gap", "SELECT 1"))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFailedWriteRollsBackAndSkipsItsAfterCommitWork() {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("r.db"))) {
            db.migrate("test", V1);
            AtomicInteger after = new AtomicInteger();
            assertThatThrownBy(() -> db.write(c -> {
                c.prepare("INSERT INTO t(v) VALUES (?)").bind("lost").executeUpdate();
                c.afterCommit(after::incrementAndGet);
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThatThrownBy(() -> db.write(c -> c.prepare("INSERT INTO nope VALUES (1)").executeUpdate()))
                    .isInstanceOf(StoreException.class).hasMessageContaining("no such table");
            db.write(c -> {
                c.prepare("INSERT INTO t(v) VALUES (?)").bind("kept").executeUpdate();
                c.afterCommit(after::incrementAndGet);
                return null;
            });
            assertThat(after).hasValue(1);
            assertThat((long) db.read(c -> c.prepare("SELECT COUNT(*) FROM t").queryLong(0))).isEqualTo(1);
            // a nested write joins the outer transaction and sees its rows
            long seen = db.write(c -> {
                c.prepare("INSERT INTO t(v) VALUES ('x')").executeUpdate();
                return db.write(c2 -> db.read(c3 -> c3.prepare("SELECT COUNT(*) FROM t").queryLong(0)));
            });
            assertThat(seen).isEqualTo(2);
        }
    }

    @Test
    void manyVirtualThreadsWriteAndReadConcurrentlyWithoutLosingARow() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("c.db"))) {
            db.migrate("test", V1);
            List<Thread> threads = new ArrayList<>();
            AtomicInteger reads = new AtomicInteger();
            for (int t = 0; t < 32; t++) {
                int n = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 25; i++) {
                        int k = i;
                        db.write(c -> c.prepare("INSERT INTO t(v) VALUES (?)").bind("t" + n + "-" + k).executeUpdate());
                        db.read(c -> c.prepare("SELECT COUNT(*) FROM t").queryLong(0));
                        reads.incrementAndGet();
                    }
                }));
            }
            for (Thread t : threads) assertThat(t.join(java.time.Duration.ofSeconds(60))).isTrue();
            assertThat((long) db.read(c -> c.prepare("SELECT COUNT(DISTINCT v) FROM t").queryLong(0))).isEqualTo(800);
            assertThat(reads).hasValue(800);
            assertThat(db.commits()).isGreaterThanOrEqualTo(801);
        }
    }

    @Test
    void twoProcessesWriteTheSameFileAtOnce() throws Exception {
        Path file = dir.resolve("p.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.migrate("test", V1);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    WriterChild.class.getName(), file.toString(), "child", "400").redirectErrorStream(true).start();
            for (int i = 0; i < 400; i++) {
                int k = i;
                db.write(c -> c.prepare("INSERT INTO t(v) VALUES (?)").bind("parent-" + k).executeUpdate());
            }
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = new String(child.getInputStream().readAllBytes());
            assertThat(child.exitValue()).as(out).isZero();
            assertThat((long) db.read(c -> c.prepare("SELECT COUNT(*) FROM t").queryLong(0))).isEqualTo(800);
            assertThat((long) db.read(c -> c.prepare("SELECT COUNT(*) FROM t WHERE v LIKE 'child-%'").queryLong(0))).isEqualTo(400);
        }
    }

    /** The other process of {@link #twoProcessesWriteTheSameFileAtOnce}: args file, prefix, count. */
    public static final class WriterChild {
        public static void main(String[] args) {
            try (SqliteDatabase db = SqliteDatabase.open(Path.of(args[0]))) {
                db.migrate("test", V1);
                for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                    int k = i;
                    db.write(c -> c.prepare("INSERT INTO t(v) VALUES (?)").bind(args[1] + "-" + k).executeUpdate());
                }
            }
        }
    }
}
