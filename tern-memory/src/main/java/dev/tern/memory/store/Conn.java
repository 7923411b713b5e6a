package dev.tern.memory.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One long-lived connection with its prepared statements: {@link #prepare} compiles a statement the
 * first time its SQL is seen and hands the same one back afterwards (parameters cleared). A
 * connection is used by one thread at a time (the database hands it out), so this needs no locking.
 */
public final class Conn {

    private final Connection jdbc;
    private final Map<String, Stmt> statements = new HashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();

    Conn(Connection jdbc) {
        this.jdbc = jdbc;
    }

    /** The JDBC connection (for what {@link Stmt} does not cover). */
    public Connection jdbc() { return jdbc; }

    /** The prepared statement for {@code sql}, compiled once per connection, parameters cleared. */
    public Stmt prepare(String sql) throws SQLException {
        Stmt s = statements.get(sql);
        if (s == null) {
            s = new Stmt(jdbc.prepareStatement(sql));
            statements.put(sql, s);
        } else {
            s.raw().clearParameters();
        }
        return s;
    }

    /** Runs DDL or a one-off statement (not cached). */
    public void execute(String sql) throws SQLException {
        try (Statement st = jdbc.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Runs {@code r} once the current write transaction has committed (not at all when it rolls back):
     * in-memory indexes follow the database only with what was really stored.
     */
    public void afterCommit(Runnable r) { afterCommit.add(r); }

    List<Runnable> drainAfterCommit() {
        List<Runnable> out = List.copyOf(afterCommit);
        afterCommit.clear();
        return out;
    }

    void close() throws SQLException {
        for (Stmt s : statements.values()) {
            PreparedStatement p = s.raw();
            if (!p.isClosed()) p.close();
        }
        statements.clear();
        jdbc.close();
    }
}
