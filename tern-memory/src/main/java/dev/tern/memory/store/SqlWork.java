package dev.tern.memory.store;

import java.sql.SQLException;

/** Work done on one connection (inside a transaction for writes). */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Conn c) throws SQLException;
}
