/**
 * The system prompt of a workspace and the per-turn wiring.
 *
 * <p>{@link dev.tern.workspace.context.ContextBuilder} assembles identity (computed once), the bootstrap
 * files, {@code memory/MEMORY.md} and the skills sections. Every source is a
 * {@link dev.tern.workspace.context.WatchedFile}: one stat per call, a read only when the stamp (mtime,
 * size, file key) changed, so twenty unchanged turns cost twenty stats per file and return the very same
 * {@code String} — a byte-stable prefix for provider prompt caches. Volatile facts go in the runtime block
 * at the end of the user turn. {@link dev.tern.workspace.context.WorkspaceChat} runs turns with sessions,
 * consolidation and sub-agent results wired in.
 */
package dev.tern.workspace.context;
