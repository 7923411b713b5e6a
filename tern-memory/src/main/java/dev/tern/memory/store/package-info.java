/**
 * The embedded store under every memory store: one SQLite file per workspace opened once per process
 * ({@link dev.tern.memory.store.SqliteDatabase}: WAL, one serialized writer, reader connections,
 * statements prepared once, batches in one transaction) and versioned schema migrations.
 */
package dev.tern.memory.store;
