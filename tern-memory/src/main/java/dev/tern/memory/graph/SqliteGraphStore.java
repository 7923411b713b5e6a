package dev.tern.memory.graph;

import dev.tern.memory.store.Conn;
import dev.tern.memory.store.Migration;
import dev.tern.memory.store.Rows;
import dev.tern.memory.store.SqlArrays;
import dev.tern.memory.store.SqliteDatabase;
import dev.tern.memory.store.Stmt;
import dev.tern.memory.text.Texts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The knowledge graph in SQLite. Entities are unique by normalised name (an upsert merges a
 * duplicate as it arrives: no pairwise comparison of nodes, ever); relations are unique by
 * (source, normalised relation, target) and gain weight when repeated; both directions of an edge
 * are indexed, so a neighbourhood costs index seeks proportional to what it returns.
 */
public final class SqliteGraphStore implements GraphStore {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "entities, relations, fact links",
            "CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE, type TEXT,"
                    + " mentions INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
            "CREATE INDEX entities_mentions ON entities (mentions DESC)",
            "CREATE TABLE relations (id INTEGER PRIMARY KEY, src INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
                    + " rel TEXT NOT NULL, rel_key TEXT NOT NULL, dst INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
                    + " weight REAL NOT NULL, fact_id INTEGER, created_at INTEGER NOT NULL, confirmed_at INTEGER NOT NULL,"
                    + " UNIQUE (src, rel_key, dst))",
            "CREATE INDEX relations_src ON relations (src, weight DESC)",
            "CREATE INDEX relations_dst ON relations (dst, weight DESC)",
            "CREATE TABLE fact_entities (entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
                    + " fact_id INTEGER NOT NULL, PRIMARY KEY (entity_id, fact_id)) WITHOUT ROWID",
            "CREATE INDEX fact_entities_fact ON fact_entities (fact_id)"));

    private static final String RELATION_COLUMNS = "r.id, r.src, s.name, r.rel, r.dst, d.name, r.weight, r.fact_id, r.confirmed_at";
    private static final String ENTITY_COLUMNS = "id, name, type, mentions, created_at, updated_at";

    private final SqliteDatabase db;

    public SqliteGraphStore(SqliteDatabase db) {
        this.db = db;
        db.migrate("graph", MIGRATIONS);
    }

    @Override
    public Map<String, Long> upsertEntities(Collection<String> names, Map<String, String> types, Instant at) {
        if (names.isEmpty()) return Map.of();
        return db.write(c -> {
            Map<String, String> nameOf = new LinkedHashMap<>();     // key -> first spelling
            for (String name : names) {
                String key = Texts.nameKey(name);
                if (!key.isEmpty()) nameOf.putIfAbsent(key, name);
            }
            // one lookup for the batch; new entities inserted, known ones counted in one statement
            Map<String, Long> idOf = new HashMap<>();
            try (ResultSet rs = c.prepare("SELECT name_key, id FROM entities WHERE name_key IN (SELECT value FROM json_each(?))")
                    .bind(SqlArrays.strings(nameOf.keySet())).executeQuery()) {
                while (rs.next()) idOf.put(rs.getString(1), rs.getLong(2));
            }
            List<Long> known = List.copyOf(idOf.values());
            for (var e : nameOf.entrySet()) {
                String type = types.get(e.getValue());
                if (!idOf.containsKey(e.getKey())) idOf.put(e.getKey(), upsert(c, Texts.clean(e.getValue()), e.getKey(), type, at));
                else if (type != null && !type.isBlank()) {
                    c.prepare("UPDATE entities SET type = COALESCE(type, ?) WHERE id = ?").bind(type.strip(), idOf.get(e.getKey())).executeUpdate();
                }
            }
            if (!known.isEmpty()) {
                c.prepare("UPDATE entities SET mentions = mentions + 1, updated_at = MAX(updated_at, ?) WHERE id IN (SELECT value FROM json_each(?))")
                        .bind(at, SqlArrays.ids(known)).executeUpdate();
            }
            Map<String, Long> out = new LinkedHashMap<>();
            for (String name : names) {
                Long id = idOf.get(Texts.nameKey(name));
                if (id != null) out.put(name, id);
            }
            return out;
        });
    }

    private static long upsert(Conn c, String name, String key, String type, Instant at) throws SQLException {
        try (ResultSet rs = c.prepare("INSERT INTO entities(name, name_key, type, mentions, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)"
                + " ON CONFLICT(name_key) DO UPDATE SET mentions = mentions + 1, updated_at = MAX(updated_at, excluded.updated_at),"
                + " type = COALESCE(entities.type, excluded.type) RETURNING id").bind(name, key, blankToNull(type), at, at).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public List<Relation> addRelations(List<Triple> triples, Long factId, Instant at) {
        if (triples.isEmpty()) return List.of();
        return db.write(c -> {
            List<Long> ids = new ArrayList<>();
            for (Triple t : triples) {   // every triple is a mention of both its ends
                String sk = Texts.nameKey(t.subject());
                String ok = Texts.nameKey(t.object());
                if (sk.isEmpty() || ok.isEmpty()) continue;
                long src = upsert(c, t.subject(), sk, t.subjectType(), at);
                long dst = upsert(c, t.object(), ok, t.objectType(), at);
                if (src == dst) continue;
                try (ResultSet rs = c.prepare("INSERT INTO relations(src, rel, rel_key, dst, weight, fact_id, created_at, confirmed_at)"
                        + " VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT(src, rel_key, dst) DO UPDATE SET weight = weight + 1,"
                        + " confirmed_at = MAX(confirmed_at, excluded.confirmed_at), fact_id = COALESCE(excluded.fact_id, relations.fact_id)"
                        + " RETURNING id").bind(src, t.relation(), Texts.normalize(t.relation()), dst, factId, at, at).executeQuery()) {
                    rs.next();
                    ids.add(rs.getLong(1));
                }
            }
            return relations(c, ids);
        });
    }

    @Override
    public List<Entity> findByNames(Collection<String> candidates) {
        Set<String> keys = new LinkedHashSet<>();
        for (String s : candidates) {
            String k = Texts.nameKey(s);
            if (!k.isEmpty()) keys.add(k);
        }
        if (keys.isEmpty()) return List.of();
        return db.read(c -> entities(c.prepare("SELECT " + ENTITY_COLUMNS + " FROM entities WHERE name_key IN"
                + " (SELECT value FROM json_each(?))").bind(SqlArrays.strings(keys))));
    }

    @Override
    public List<Relation> neighbourhood(Collection<Long> entityIds, int hops, int limit) {
        if (entityIds.isEmpty() || hops < 1 || limit < 1) return List.of();
        return db.read(c -> {
            Map<Long, Relation> found = new LinkedHashMap<>();
            Set<Long> visited = new HashSet<>(entityIds);
            List<Long> frontier = List.copyOf(entityIds);
            Stmt step = c.prepare("SELECT " + RELATION_COLUMNS + " FROM relations r JOIN entities s ON s.id = r.src"
                    + " JOIN entities d ON d.id = r.dst WHERE r.id IN (SELECT id FROM relations WHERE src IN (SELECT value FROM json_each(?1))"
                    + " UNION SELECT id FROM relations WHERE dst IN (SELECT value FROM json_each(?1))) ORDER BY r.weight DESC, r.id LIMIT ?2");
            for (int hop = 0; hop < hops && !frontier.isEmpty() && found.size() < limit; hop++) {
                List<Long> next = new ArrayList<>();
                for (Relation r : relationList(step.bind(SqlArrays.ids(frontier), limit - found.size()))) {
                    if (found.putIfAbsent(r.id(), r) != null) continue;
                    if (visited.add(r.source())) next.add(r.source());
                    if (visited.add(r.target())) next.add(r.target());
                }
                frontier = next;
            }
            return List.copyOf(found.values());
        });
    }

    @Override
    public void link(Map<Long, Collection<Long>> entitiesByFact) {
        if (entitiesByFact.isEmpty()) return;
        db.write(c -> {
            Stmt ins = c.prepare("INSERT OR IGNORE INTO fact_entities(entity_id, fact_id) VALUES (?, ?)");
            for (var e : entitiesByFact.entrySet()) for (long entity : e.getValue()) ins.bind(entity, e.getKey()).addBatch();
            ins.executeBatch();
            return null;
        });
    }

    @Override
    public List<Long> factsOf(Collection<Long> entityIds, int limit) {
        if (entityIds.isEmpty() || limit < 1) return List.of();
        return db.read(c -> {
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = c.prepare("SELECT DISTINCT fact_id FROM fact_entities WHERE entity_id IN (SELECT value FROM json_each(?))"
                    + " ORDER BY fact_id DESC LIMIT ?").bind(SqlArrays.ids(entityIds), limit).executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        });
    }

    @Override
    public Map<Long, List<Long>> entitiesOf(Collection<Long> factIds) {
        if (factIds.isEmpty()) return Map.of();
        return db.read(c -> {
            Map<Long, List<Long>> out = new LinkedHashMap<>();
            try (ResultSet rs = c.prepare("SELECT fact_id, entity_id FROM fact_entities WHERE fact_id IN (SELECT value FROM json_each(?))")
                    .bind(SqlArrays.ids(factIds)).executeQuery()) {
                while (rs.next()) out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
            return out;
        });
    }

    @Override
    public void unlinkFacts(Collection<Long> factIds) {
        if (factIds.isEmpty()) return;
        db.write(c -> c.prepare("DELETE FROM fact_entities WHERE fact_id IN (SELECT value FROM json_each(?))")
                .bind(SqlArrays.ids(factIds)).executeUpdate());
    }

    @Override
    public void merge(long keep, long duplicate) {
        if (keep == duplicate) return;
        db.write(c -> {
            long mentions = c.prepare("SELECT mentions FROM entities WHERE id = ?").bind(duplicate).queryLong(-1);
            if (mentions < 0) return null;
            if (c.prepare("SELECT id FROM entities WHERE id = ?").bind(keep).queryLong(-1) < 0) {
                throw new IllegalArgumentException("no entity " + keep);
            }
            // an edge both entities already have keeps the sum of the weights
            c.prepare("UPDATE relations SET weight = weight + (SELECT o.weight FROM relations o WHERE o.src = ?1 AND o.rel_key ="
                    + " relations.rel_key AND o.dst = relations.dst) WHERE src = ?2 AND EXISTS (SELECT 1 FROM relations o WHERE"
                    + " o.src = ?1 AND o.rel_key = relations.rel_key AND o.dst = relations.dst)").bind(duplicate, keep).executeUpdate();
            c.prepare("UPDATE relations SET weight = weight + (SELECT o.weight FROM relations o WHERE o.dst = ?1 AND o.rel_key ="
                    + " relations.rel_key AND o.src = relations.src) WHERE dst = ?2 AND EXISTS (SELECT 1 FROM relations o WHERE"
                    + " o.dst = ?1 AND o.rel_key = relations.rel_key AND o.src = relations.src)").bind(duplicate, keep).executeUpdate();
            c.prepare("UPDATE OR IGNORE relations SET src = ? WHERE src = ?").bind(keep, duplicate).executeUpdate();
            c.prepare("UPDATE OR IGNORE relations SET dst = ? WHERE dst = ?").bind(keep, duplicate).executeUpdate();
            c.prepare("DELETE FROM relations WHERE src = dst").executeUpdate();
            c.prepare("INSERT OR IGNORE INTO fact_entities(entity_id, fact_id) SELECT ?, fact_id FROM fact_entities WHERE entity_id = ?")
                    .bind(keep, duplicate).executeUpdate();
            c.prepare("UPDATE entities SET mentions = mentions + ? WHERE id = ?").bind(mentions, keep).executeUpdate();
            c.prepare("DELETE FROM entities WHERE id = ?").bind(duplicate).executeUpdate();
            return null;
        });
    }

    @Override
    public List<Entity> topEntities(int limit) {
        return db.read(c -> entities(c.prepare("SELECT " + ENTITY_COLUMNS + " FROM entities ORDER BY mentions DESC, id LIMIT ?").bind(limit)));
    }

    @Override
    public void forEach(java.util.function.Consumer<Entity> entityAction, java.util.function.Consumer<Relation> relationAction) {
        db.read(c -> {
            Rows.each(c.prepare("SELECT " + ENTITY_COLUMNS + " FROM entities ORDER BY id"), SqliteGraphStore::entity, entityAction);
            Rows.each(c.prepare("SELECT " + RELATION_COLUMNS + " FROM relations r JOIN entities s ON s.id = r.src"
                    + " JOIN entities d ON d.id = r.dst ORDER BY r.id"), SqliteGraphStore::relation, relationAction);
            return null;
        });
    }

    @Override
    public long countEntities() {
        return db.read(c -> c.prepare("SELECT COUNT(*) FROM entities").queryLong(0));
    }

    @Override
    public long countRelations() {
        return db.read(c -> c.prepare("SELECT COUNT(*) FROM relations").queryLong(0));
    }

    private static List<Relation> relations(Conn c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) return List.of();
        return Rows.inOrder(ids, relationList(c.prepare("SELECT " + RELATION_COLUMNS + " FROM relations r JOIN entities s ON s.id = r.src"
                + " JOIN entities d ON d.id = r.dst WHERE r.id IN (SELECT value FROM json_each(?))").bind(SqlArrays.ids(ids))), Relation::id);
    }

    private static List<Relation> relationList(Stmt s) throws SQLException {
        return Rows.list(s, SqliteGraphStore::relation);
    }

    private static Relation relation(ResultSet rs) throws SQLException {
        long fact = rs.getLong(8);
        Long factId = rs.wasNull() ? null : fact;
        return new Relation(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                rs.getDouble(7), factId, Instant.ofEpochMilli(rs.getLong(9)));
    }

    private static Entity entity(ResultSet rs) throws SQLException {
        return new Entity(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)));
    }

    private static List<Entity> entities(Stmt s) throws SQLException {
        return Rows.list(s, SqliteGraphStore::entity);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
