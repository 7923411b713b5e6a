/**
 * The built-in tools, nanobot-compatible: {@code read_file, write_file, edit_file, list_dir, exec,
 * web_fetch, web_search}, registered by {@link dev.tern.workspace.tools.BuiltinTools}.
 *
 * <p>File paths go through {@link dev.tern.workspace.tools.PathGuard} (workspace confinement, symlink
 * checks); shell commands through {@link dev.tern.workspace.tools.CommandGuard}; URLs through
 * {@link dev.tern.workspace.tools.web.SsrfGuard}. Every tool declares accurate
 * {@link dev.tern.tool.ToolTraits}: reads are read-only, writes name their file as the resource,
 * exec is exclusive, web tools are cacheable.
 */
package dev.tern.workspace.tools;
