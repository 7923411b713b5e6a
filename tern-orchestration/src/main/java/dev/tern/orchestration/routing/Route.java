package dev.tern.orchestration.routing;

import java.util.List;

/**
 * Which agent a task goes to.
 *
 * @param agent      the chosen agent, or null when no agent matched at all
 * @param confidence 0..1
 * @param method     {@code keyword}, {@code semantic} or {@code hybrid}
 * @param ranked     the best candidates, best first, with their scores
 * @param reason     why, in one line (for {@code --agent auto} on stderr)
 */
public record Route(String agent, double confidence, String method, List<Ranked> ranked, String reason) {

    public static final String KEYWORD = "keyword";
    public static final String SEMANTIC = "semantic";
    public static final String HYBRID = "hybrid";

    /** One candidate and its score (keyword matches, cosine similarity or the blend). */
    public record Ranked(String agent, double score) { }

    public Route {
        ranked = List.copyOf(ranked);
    }
}
