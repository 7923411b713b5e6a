/**
 * Two-layer memory (nanobot layout): {@code memory/MEMORY.md} facts in the prompt and the append-only
 * {@code memory/HISTORY.md} log, kept by one {@link dev.tern.workspace.memory.MemoryStore} per workspace and
 * filled by the background {@link dev.tern.workspace.memory.Consolidator} using the cheaper memory model.
 */
package dev.tern.workspace.memory;
