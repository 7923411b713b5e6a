/**
 * Skills: {@code skills/<name>/SKILL.md} with front matter (nanobot, OpenClaw and Agent Skills fields),
 * bundled built-ins overridden by workspace skills, availability checks, and the {@code load_skill} tool.
 */
package dev.tern.workspace.skills;
