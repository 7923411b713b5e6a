package dev.tern.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A scripted conversation: which requests it answers ({@link #matches}) and what the model says at
 * each step. Step selection is stateless (see {@code docs/SIMULATOR.md}).
 *
 * @param name         unique name (also selectable as model {@code sim:<name>} or header {@code X-Sim-Scenario})
 * @param userContains matches when the first user message contains this text (case-insensitive), nullable
 * @param userRegex    matches when the first user message has a match of this regex, nullable
 * @param latency       scenario latency (negative fields inherit the server default)
 * @param steps         the model turns, at least one
 * @param section       regex whose group {@code section} (or group 1, or the whole match) in the last user
 *                      message is the {@code {{section}}} template value; nullable = the built-in rule
 * @param contextWindow context window in tokens of requests answered by this scenario; 0 = not set
 */
public record Scenario(String name, String userContains, Pattern userRegex, Latency latency, List<Step> steps,
                       Pattern section, long contextWindow) {

    /** Built-in fallback: answers "echo: " + the last user text. */
    public static final Scenario ECHO = new Scenario("echo", null, null, Latency.INHERIT,
            List.of(Step.text("echo: {{user}}")));

    public Scenario {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("scenario needs a 'name'");
        latency = latency == null ? Latency.INHERIT : latency;
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("scenario '" + name + "' needs at least one step");
        if (contextWindow < 0) throw new IllegalArgumentException("scenario '" + name + "': contextWindow must be >= 0");
    }

    public Scenario(String name, String userContains, Pattern userRegex, Latency latency, List<Step> steps) {
        this(name, userContains, userRegex, latency, steps, null, 0);
    }

    public static Scenario of(String name, Step... steps) {
        return new Scenario(name, null, null, Latency.INHERIT, List.of(steps));
    }

    public Scenario matchingContains(String text) {
        return new Scenario(name, text, userRegex, latency, steps, section, contextWindow);
    }

    public Scenario withLatency(Latency l) { return new Scenario(name, userContains, userRegex, l, steps, section, contextWindow); }

    /** This scenario with a context window (tokens, 0 = none). */
    public Scenario withContextWindow(long tokens) {
        return new Scenario(name, userContains, userRegex, latency, steps, section, tokens);
    }

    /** This scenario under another name (scenarios loaded from a scenario directory are named {@code file:<name>}). */
    public Scenario named(String newName) {
        return new Scenario(newName, userContains, userRegex, latency, steps, section, contextWindow);
    }

    /** Whether this scenario has a match rule and it matches the first user message. */
    public boolean matches(String firstUserText) {
        if (firstUserText == null) return false;
        if (userContains != null)
            return firstUserText.toLowerCase(Locale.ROOT).contains(userContains.toLowerCase(Locale.ROOT));
        if (userRegex != null) return userRegex.matcher(firstUserText).find();
        return false;
    }

    /** Parses one scenario from JSON (comments allowed); throws {@link IllegalArgumentException} with a one-line reason. */
    public static Scenario parse(String json) { return ScenarioParser.parse(json); }

    /** Loads a file holding one scenario object or an array of them, or every {@code *.json} file of a folder. */
    public static List<Scenario> loadAll(Path file) {
        if (Files.isDirectory(file)) {
            try (var list = Files.list(file)) {
                List<Scenario> all = new java.util.ArrayList<>();
                for (Path f : list.filter(p -> p.toString().endsWith(".json")).sorted().toList()) all.addAll(loadAll(f));
                return all;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list scenario folder " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            return ScenarioParser.parseAll(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a file holding exactly one scenario. */
    public static Scenario load(Path file) {
        List<Scenario> all = loadAll(file);
        if (all.size() != 1) throw new IllegalArgumentException(file + ": expected one scenario, found " + all.size());
        return all.get(0);
    }
}
