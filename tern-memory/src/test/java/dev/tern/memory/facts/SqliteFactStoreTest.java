package dev.tern.memory.facts;

import dev.tern.memory.store.SqliteDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The fact store contract on a real SQLite file. */
class SqliteFactStoreTest extends FactStoreContract {

    @TempDir
    Path dir;

    private final List<SqliteDatabase> open = new ArrayList<>();

    @Override
    protected FactStore open() {
        return reopen();
    }

    @Override
    protected FactStore reopen() {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("memory.db"));
        open.add(db);
        return new SqliteFactStore(db, 4);
    }

    @AfterEach
    void close() {
        open.forEach(SqliteDatabase::close);
    }
}
