package dev.tern.memory.runs;

import dev.tern.memory.store.SqliteDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The run store contract on a real SQLite file. */
class SqliteRunStoreTest extends RunStoreContract {

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @Override
    protected RunStore open() {
        db = SqliteDatabase.open(dir.resolve("memory.db"));
        return new SqliteRunStore(db, 4);
    }

    @AfterEach
    void close() {
        db.close();
    }
}
