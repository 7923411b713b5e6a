/**
 * Tern's memory, one sub-package per concept: the response cache (a gateway interceptor), agent
 * memory (past runs, similar-task recall), long-term memory (facts, episodes, knowledge graph,
 * layered recall) and the performance tracker. Embedded stores by default (files, SQLite).
 */
package dev.tern.memory;
