package dev.tern.embed.index;

/** One result of a search: the id given at insertion and its cosine similarity to the query. */
public record SearchHit(long id, float score) {
}
