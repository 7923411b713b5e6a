package dev.tern.memory.episodes;

import dev.tern.memory.store.SqliteDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The episode store contract on a real SQLite file. */
class SqliteEpisodeStoreTest extends EpisodeStoreContract {

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @Override
    protected EpisodeStore open() {
        db = SqliteDatabase.open(dir.resolve("memory.db"));
        return new SqliteEpisodeStore(db, 4);
    }

    @AfterEach
    void close() {
        db.close();
    }
}
