package dev.tern.memory.graph;

import dev.tern.memory.store.SqliteDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The graph store contract on a real SQLite file. */
class SqliteGraphStoreTest extends GraphStoreContract {

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @Override
    protected GraphStore open() {
        db = SqliteDatabase.open(dir.resolve("memory.db"));
        return new SqliteGraphStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }
}
