package dev.tern.memory.store;

/**
 * One search result: a row id and how well it matched (higher is better; its scale depends on the
 * search: cosine for vectors, negated bm25 for keywords).
 */
public record ScoredId(long id, double score) { }
