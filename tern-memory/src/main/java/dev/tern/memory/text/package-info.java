/** Text normalisation shared by the memory stores: merge keys, content hashes, keywords, FTS5 queries. */
package dev.tern.memory.text;
