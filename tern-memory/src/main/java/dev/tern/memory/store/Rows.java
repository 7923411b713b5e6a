package dev.tern.memory.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/** Turning result sets into records: a list, a stream to a consumer (nothing held), rows in a given id order. */
public final class Rows {

    /** Reads the current row of a result set as a record. */
    @FunctionalInterface
    public interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Rows() { }

    public static <T> List<T> list(Stmt s, Mapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) out.add(mapper.map(rs));
        }
        return out;
    }

    /** Hands each row to {@code action} as it is read: memory stays flat however many rows there are. */
    public static <T> void each(Stmt s, Mapper<T> mapper, Consumer<T> action) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) action.accept(mapper.map(rs));
        }
    }

    /** The rows ordered as {@code ids} (ids without a row skipped). */
    public static <T> List<T> inOrder(Collection<Long> ids, List<T> rows, ToLongFunction<T> id) {
        Map<Long, T> byId = new HashMap<>();
        for (T r : rows) byId.put(id.applyAsLong(r), r);
        List<T> out = new ArrayList<>(byId.size());
        for (long i : ids) {
            T r = byId.get(i);
            if (r != null) out.add(r);
        }
        return out;
    }
}
