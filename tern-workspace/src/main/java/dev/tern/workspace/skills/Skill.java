package dev.tern.workspace.skills;

import java.util.List;

/**
 * One skill: a {@code skills/<name>/SKILL.md} file (or a built-in one).
 *
 * @param name          the directory name (or front-matter {@code name})
 * @param description   front-matter {@code description}, or the name when absent
 * @param source        where it came from
 * @param location      the SKILL.md path for workspace skills, {@code builtin:<name>} for built-ins
 * @param always        its body goes into every system prompt
 * @param requiredBins  executables it needs on PATH
 * @param requiredEnv   environment variables it needs
 * @param missing       unmet requirements ("CLI: gh", "ENV: GITHUB_TOKEN"); empty when available
 * @param body          the instructions, front matter removed
 * @param frontMatter   every front-matter field, for the Agent Skills fields (license, allowed-tools ...)
 */
public record Skill(String name, String description, Source source, String location, boolean always,
                    List<String> requiredBins, List<String> requiredEnv, List<String> missing, String body,
                    FrontMatter frontMatter) {

    public enum Source { WORKSPACE, BUILTIN }

    public Skill {
        requiredBins = List.copyOf(requiredBins);
        requiredEnv = List.copyOf(requiredEnv);
        missing = List.copyOf(missing);
    }

    public boolean available() { return missing.isEmpty(); }

    /** Why the skill cannot be used ("missing CLI: gh, ENV: X"), or null when it can. */
    public String unavailableReason() { return available() ? null : "missing " + String.join(", ", missing); }
}
