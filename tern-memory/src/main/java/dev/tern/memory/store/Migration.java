package dev.tern.memory.store;

import java.util.List;

/**
 * One step of a component's schema: applied once, in version order, with its {@code schema_version}
 * row in the same transaction.
 *
 * @param version     1, 2, 3 ...
 * @param description what the step does (kept in {@code schema_version})
 * @param statements  the SQL, run in order
 */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        if (version < 1) throw new IllegalArgumentException("migration versions start at 1");
        statements = List.copyOf(statements);
    }

    public static Migration of(int version, String description, String... statements) {
        return new Migration(version, description, List.of(statements));
    }
}
