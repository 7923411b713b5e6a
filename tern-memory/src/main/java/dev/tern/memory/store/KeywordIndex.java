package dev.tern.memory.store;

import dev.tern.json.Json;
import dev.tern.memory.text.FtsQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;

/**
 * One contentless FTS5 table (bm25) and its vocabulary ({@code fts5vocab}, rows per term), holding the
 * stemmed words {@link FtsQuery} makes of each text. Rows are removed by id (contentless_delete), so
 * the index never has to be rebuilt. Works inside the caller's connection (and transaction).
 */
public final class KeywordIndex {

    private final String table;
    private final String vocab;
    /** Document frequencies looked up recently: they change slowly, and only steer which words a query keeps. */
    private final com.github.benmanes.caffeine.cache.Cache<String, Long> frequencies = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().maximumSize(20_000).expireAfterWrite(java.time.Duration.ofMinutes(2)).executor(Runnable::run).build();

    /** @param table the FTS5 table's name (its vocabulary is {@code <table>_vocab}) */
    public KeywordIndex(String table) {
        this.table = table;
        this.vocab = table + "_vocab";
    }

    /** The DDL of the table and its vocabulary, for a migration. */
    public static String[] ddl(String table) {
        return new String[] {
            "CREATE VIRTUAL TABLE " + table + " USING fts5(words, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
            "CREATE VIRTUAL TABLE " + table + "_vocab USING fts5vocab(" + table + ", 'row')"};
    }

    /** Indexes {@code texts.get(i)} under {@code rowids.get(i)} with {@code prefixes.get(i)}, in one statement. */
    public void insertAll(Conn c, List<Long> rowids, List<String> texts, List<String> prefixes) throws SQLException {
        if (rowids.isEmpty()) return;
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (int i = 0; i < rowids.size(); i++) rows.addArray().add(rowids.get(i)).add(FtsQuery.indexText(texts.get(i), prefixes.get(i)));
        c.prepare("INSERT INTO " + table + "(rowid, words) SELECT value->>0, value->>1 FROM json_each(?)")
                .bind(Json.write(rows)).executeUpdate();
    }

    /** Indexes {@code text} under {@code rowid}, every word stemmed and prefixed. */
    public void insert(Conn c, long rowid, String text, String prefix) throws SQLException {
        c.prepare("INSERT INTO " + table + "(rowid, words) VALUES (?, ?)").bind(rowid, FtsQuery.indexText(text, prefix)).executeUpdate();
    }

    /** Removes rows (ids that are not indexed are ignored). */
    public void delete(Conn c, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) return;
        List<Long> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 10_000) {
            c.prepare("DELETE FROM " + table + " WHERE rowid IN (SELECT value FROM json_each(?))")
                    .bind(SqlArrays.ids(all.subList(from, Math.min(all.size(), from + 10_000)))).executeUpdate();
        }
    }

    /** The k rows matching the query's selective keywords best, by bm25 (score = -bm25, higher is better). */
    public List<ScoredId> search(Conn c, String query, String prefix, int k) throws SQLException {
        if (k < 1) return List.of();
        List<String> terms = FtsQuery.terms(query, prefix);
        if (terms.isEmpty()) return List.of();
        Stmt df = c.prepare("SELECT doc FROM " + vocab + " WHERE term = ?");
        String match = FtsQuery.match(terms, t -> frequencies.get(t, term -> {
            try {
                return df.bind(term).queryLong(0);
            } catch (SQLException e) {
                throw new StoreException("keyword index " + table + ": " + e.getMessage(), e);
            }
        }));
        if (match == null) return List.of();
        List<ScoredId> out = new ArrayList<>();
        try (ResultSet rs = c.prepare("SELECT rowid, bm25(" + table + ") AS s FROM " + table + " WHERE " + table + " MATCH ?"
                + " ORDER BY s LIMIT ?").bind(match, k).executeQuery()) {
            while (rs.next()) out.add(new ScoredId(rs.getLong(1), -rs.getDouble(2)));
        }
        return out;
    }
}
