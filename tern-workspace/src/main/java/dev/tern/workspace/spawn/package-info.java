/**
 * Background sub-agents: the {@code spawn} tool and the {@link dev.tern.workspace.spawn.SubagentResults}
 * queue through which their answers reach the parent conversation.
 */
package dev.tern.workspace.spawn;
