package dev.tern.workspace.tools.sandbox;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a command gets: built from an allow-list, never inherited whole, so API keys and
 * tokens of the Tern process ({@code OPENAI_API_KEY}, ...) never reach a command the model wrote.
 */
public final class SandboxEnv {

    /** Passed through when set. */
    static final Set<String> ALLOWED = Set.of("PATH", "LANG", "LANGUAGE", "TERM", "TZ", "USER", "LOGNAME", "SHELL",
            "COLORTERM", "NO_COLOR", "JAVA_HOME", "EDITOR", "PAGER");

    private SandboxEnv() { }

    /**
     * The allowed subset of {@code env}: the fixed allow-list, {@code LC_*}, and the {@code extra} names
     * the user listed; variables that look like secrets are dropped unless listed by name.
     */
    public static Map<String, String> filter(Map<String, String> env, Collection<String> extra) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (extra.contains(k) || (ALLOWED.contains(k) || k.startsWith("LC_")) && !secret(k)) out.put(k, v);
        });
        out.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin");
        return out;
    }

    /** Names that usually hold credentials. */
    static boolean secret(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.contains("KEY") || n.contains("TOKEN") || n.contains("SECRET") || n.contains("PASSWORD")
                || n.contains("CREDENTIAL") || n.contains("AUTH");
    }
}
