/**
 * Conversations as append-only JSONL logs ({@code <workspace>/sessions/<key>.jsonl}, nanobot-compatible).
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>One line per message, never a rewrite.</b> {@link dev.tern.workspace.session.Session#append}
 *       encodes the message (role, content, tool calls with ids/names/arguments, tool results with ids,
 *       thinking blocks, timestamp) and writes it with one {@code write} on a channel that stays open, so
 *       appending message #10 000 costs what #10 costs (measured by {@code tern bench session}).</li>
 *   <li><b>Metadata beside the log, not in it.</b> nanobot keeps metadata in the first line, which forces a
 *       rewrite of the whole file whenever it changes. Here it lives in {@code <key>.meta.json}, replaced
 *       atomically (temp file + rename) only when something that exists nowhere else changes (creation,
 *       title, consolidation cursor) and on close. Message count and last-update time are recomputed from
 *       the log on load, so a meta file that lags behind a crash is harmless. nanobot files (metadata first
 *       line) are read as they are.</li>
 *   <li><b>Crash safety.</b> A line is acknowledged when {@code append} returns: it is in the OS by then,
 *       so it survives kill -9 of the process. {@link dev.tern.workspace.session.FsyncPolicy} decides what
 *       survives a machine crash: {@code always} (fsync per append), {@code batch} (group commit: one fsync
 *       per session with new lines every window, on one virtual thread per store) or {@code never}. On load,
 *       an invalid line in the middle is reported and skipped; a torn last line (no newline, not JSON — it
 *       was never acknowledged) is reported and cut off so the next append starts on a fresh line.</li>
 *   <li><b>Recording runs.</b> {@link dev.tern.workspace.session.Session#recorder()} is an
 *       {@link dev.tern.run.AgentListener} for one run that appends every {@code MessageAdded} of that run as
 *       it happens; sub-agents report to the same listeners under other run ids and are ignored. (Agent events
 *       carry run ids, not session keys, so the store hands out a recorder per run rather than listening to
 *       everything itself.)</li>
 * </ul>
 */
package dev.tern.workspace.session;
