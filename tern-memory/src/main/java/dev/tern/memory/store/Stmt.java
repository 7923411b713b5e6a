package dev.tern.memory.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * A cached prepared statement with positional binding: {@code c.prepare(sql).bind(a, b).executeQuery()}.
 * {@link Instant}s bind as epoch milliseconds (timestamps are stored typed, never as text to parse),
 * booleans as 0/1, {@code null} as SQL NULL.
 */
public final class Stmt {

    private final PreparedStatement ps;

    Stmt(PreparedStatement ps) {
        this.ps = ps;
    }

    public PreparedStatement raw() { return ps; }

    /** Binds the values to parameters 1, 2, 3 ... */
    public Stmt bind(Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) set(i + 1, values[i]);
        return this;
    }

    /** Binds one value to parameter {@code index} (1-based). */
    public Stmt set(int index, Object v) throws SQLException {
        switch (v) {
            case null -> ps.setNull(index, Types.NULL);
            case String s -> ps.setString(index, s);
            case Long l -> ps.setLong(index, l);
            case Integer n -> ps.setInt(index, n);
            case Double d -> ps.setDouble(index, d);
            case Float f -> ps.setDouble(index, f);
            case Boolean b -> ps.setInt(index, b ? 1 : 0);
            case Instant t -> ps.setLong(index, t.toEpochMilli());
            case byte[] bytes -> ps.setBytes(index, bytes);
            default -> throw new IllegalArgumentException("cannot bind a " + v.getClass().getSimpleName());
        }
        return this;
    }

    public ResultSet executeQuery() throws SQLException { return ps.executeQuery(); }

    public int executeUpdate() throws SQLException { return ps.executeUpdate(); }

    /** Adds the bound values as one row of a batch. */
    public Stmt addBatch() throws SQLException {
        ps.addBatch();
        return this;
    }

    public int[] executeBatch() throws SQLException { return ps.executeBatch(); }

    /** The single long of a one-row, one-column query, or {@code fallback} when there is no row or it is NULL. */
    public long queryLong(long fallback) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return fallback;
            long v = rs.getLong(1);
            return rs.wasNull() ? fallback : v;
        }
    }
}
