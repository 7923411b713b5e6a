package dev.tern.memory.store;

import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/** Small key/value settings of a memory database (embedding model of the vectors, MEMORY.md render state). */
public final class Meta {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "key/value settings",
            "CREATE TABLE memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"));

    private final SqliteDatabase db;

    public Meta(SqliteDatabase db) {
        this.db = db;
        db.migrate("meta", MIGRATIONS);
    }

    public Optional<String> get(String key) {
        return db.read(c -> {
            try (ResultSet rs = c.prepare("SELECT value FROM memory_meta WHERE key = ?").bind(key).executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    public void put(String key, String value) {
        db.write(c -> c.prepare("INSERT INTO memory_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                .bind(key, value).executeUpdate());
    }
}
