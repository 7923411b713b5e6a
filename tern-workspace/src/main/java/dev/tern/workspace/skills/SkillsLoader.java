package dev.tern.workspace.skills;

import dev.tern.json.Json;
import dev.tern.workspace.context.WatchedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;

/**
 * The skills of a workspace: {@code skills/<name>/SKILL.md} files plus the built-in skills bundled
 * as resources; a workspace skill overrides a built-in one of the same name.
 *
 * <p>{@link #refresh()} costs one stat of the {@code skills/} folder (re-listed only when its mtime
 * changes) plus one stat per skill file; a SKILL.md is re-read and re-parsed only when it changed.
 * Built-ins are read once. Thread-safe.
 */
public final class SkillsLoader {

    private static final String BUILTIN_ROOT = "/dev/tern/workspace/skills/builtin/";

    private final Path skillsDir;
    private final Requirements requirements;
    private final Map<String, Skill> builtins;
    private final Map<String, WatchedFile> files = new HashMap<>();
    private final Map<String, Skill> parsed = new HashMap<>();
    private Object dirStamp = "never";
    private volatile List<Skill> skills = List.of();

    /** Skills of {@code workspace/skills} plus the bundled built-ins, requirements checked against the real environment. */
    public SkillsLoader(Path workspace) { this(workspace, new Requirements(), true); }

    /**
     * @param workspace     the workspace folder
     * @param requirements  how requirements are checked
     * @param withBuiltins  whether to include the bundled built-in skills
     */
    public SkillsLoader(Path workspace, Requirements requirements, boolean withBuiltins) {
        this.skillsDir = workspace.resolve("skills");
        this.requirements = requirements;
        this.builtins = withBuiltins ? loadBuiltins(requirements) : Map.of();
        refresh();
    }

    /**
     * Re-checks the workspace skills.
     *
     * @return true when the set of skills or any skill's content changed since the last call
     */
    public synchronized boolean refresh() {
        boolean changed = false;
        Object stamp = dirStamp();
        if (!stamp.equals(dirStamp)) {
            dirStamp = stamp;
            Set<String> names = listSkillDirs();
            changed |= files.keySet().retainAll(names);
            parsed.keySet().retainAll(names);
            for (String n : names) files.computeIfAbsent(n, k -> new WatchedFile(skillsDir.resolve(k).resolve("SKILL.md")));
        }
        for (Map.Entry<String, WatchedFile> e : files.entrySet()) {
            WatchedFile f = e.getValue();
            if (f.refresh() || !parsed.containsKey(e.getKey()) && f.content() != null) {
                changed = true;
                if (f.content() == null) parsed.remove(e.getKey());
                else parsed.put(e.getKey(), parse(e.getKey(), f.content(), Skill.Source.WORKSPACE, f.path().toString(), requirements));
            } else if (f.content() == null && parsed.remove(e.getKey()) != null) {
                changed = true;
            }
        }
        if (changed || skills.isEmpty() && !builtins.isEmpty()) {
            Map<String, Skill> all = new TreeMap<>(builtins);
            all.putAll(parsed);
            skills = List.copyOf(all.values());
        }
        return changed;
    }

    /** Every skill, sorted by name, as of the last {@link #refresh()}. */
    public List<Skill> skills() { return skills; }

    public Optional<Skill> find(String name) {
        return skills.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Available skills marked {@code always}. */
    public List<Skill> alwaysOn() {
        return skills.stream().filter(s -> s.always() && s.available()).toList();
    }

    /** The always-on skills' bodies as one prompt section, or "" when there are none. */
    public String alwaysOnSection() {
        List<Skill> on = alwaysOn();
        if (on.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        for (Skill s : on) parts.add("### Skill: " + s.name() + "\n\n" + s.body());
        return "# Active Skills\n\n" + String.join("\n\n---\n\n", parts);
    }

    /** The other skills as a list (name, description, availability, location), or "" when there are none. */
    public String summarySection() {
        Set<String> on = new LinkedHashSet<>();
        alwaysOn().forEach(s -> on.add(s.name()));
        StringBuilder b = new StringBuilder();
        for (Skill s : skills) {
            if (on.contains(s.name())) continue;
            b.append("- **").append(s.name()).append("** — ").append(s.description());
            if (!s.available()) b.append(" (unavailable: ").append(String.join(", ", s.missing())).append(')');
            b.append("  `").append(s.location()).append("`\n");
        }
        if (b.isEmpty()) return "";
        return "# Skills\n\nThe following skills extend your capabilities. To use one, call load_skill with its name "
                + "to read its instructions first. Unavailable skills need their missing requirements installed.\n\n"
                + b.toString().stripTrailing();
    }

    /** Parses one SKILL.md text into a skill. */
    public static Skill parse(String dirName, String text, Skill.Source source, String location, Requirements req) {
        FrontMatter fm = FrontMatter.parse(text);
        Map<String, Object> meta = nanobotMetadata(fm);
        boolean always = truthy(fm.fields().get("always")) || truthy(meta.get("always"));
        List<String> bins = new ArrayList<>();
        List<String> env = new ArrayList<>();
        collectRequires(fm.fields().get("requires"), bins, env);
        collectRequires(meta.get("requires"), bins, env);
        String desc = fm.string("description");
        return new Skill(dirName, desc == null || desc.isBlank() ? dirName : desc.strip(), source, location, always,
                List.copyOf(new LinkedHashSet<>(bins)), List.copyOf(new LinkedHashSet<>(env)),
                req.missing(List.copyOf(new LinkedHashSet<>(bins)), List.copyOf(new LinkedHashSet<>(env))), fm.body(), fm);
    }

    /** nanobot's {@code metadata: {"nanobot": {...}}} (or {@code openclaw}), given inline or as a JSON string. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> nanobotMetadata(FrontMatter fm) {
        Object m = fm.fields().get("metadata");
        if (m instanceof String s && s.strip().startsWith("{")) {
            try {
                m = FrontMatter.toJava(Json.parse(s));
            } catch (JacksonException e) {
                return Map.of();
            }
        }
        if (!(m instanceof Map<?, ?> map)) return Map.of();
        Object inner = map.containsKey("nanobot") ? map.get("nanobot") : map.get("openclaw");
        return inner instanceof Map<?, ?> im ? (Map<String, Object>) im : Map.of();
    }

    private static void collectRequires(Object requires, List<String> bins, List<String> env) {
        if (!(requires instanceof Map<?, ?> r)) return;
        addStrings(r.get("bins"), bins);
        addStrings(r.get("env"), env);
    }

    private static void addStrings(Object v, List<String> out) {
        if (v instanceof Collection<?> c) c.forEach(x -> { if (x != null && !x.toString().isBlank()) out.add(x.toString()); });
        else if (v instanceof String s && !s.isBlank()) out.add(s);
    }

    private static boolean truthy(Object v) {
        return Boolean.TRUE.equals(v) || v instanceof String s && s.equalsIgnoreCase("true");
    }

    private Object dirStamp() {
        try {
            BasicFileAttributes a = skillsDir.getFileSystem().provider().readAttributesIfExists(skillsDir, BasicFileAttributes.class);
            if (a == null) return "missing";
            return List.of(a.lastModifiedTime(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }

    private Set<String> listSkillDirs() {
        Set<String> out = new LinkedHashSet<>();
        if (!Files.isDirectory(skillsDir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(skillsDir, Files::isDirectory)) {
            for (Path p : ds) out.add(p.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + skillsDir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Map<String, Skill> loadBuiltins(Requirements req) {
        Map<String, Skill> out = new TreeMap<>();
        String index = resource(BUILTIN_ROOT + "index.txt");
        if (index == null) return out;
        for (String name : index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String text = resource(BUILTIN_ROOT + name + "/SKILL.md");
            if (text != null) out.put(name, parse(name, text, Skill.Source.BUILTIN, "builtin:" + name, req));
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = SkillsLoader.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in resource " + path, e);
        }
    }
}
