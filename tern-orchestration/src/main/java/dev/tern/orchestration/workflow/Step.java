package dev.tern.orchestration.workflow;

import java.util.List;

/** One step of a workflow. */
public sealed interface Step {

    /** What the step receives from the previous one, at most this many tokens (truncated or summarised). */
    Integer maxInputTokens();

    /** How outputs over the budget are cut down. */
    Passing passing();

    /** The agents the step runs. */
    List<String> agents();

    /** A short label for progress: {@code parallel fundamentals, news, risk}. */
    String label();

    /** How outputs passed forward are fitted into {@link #maxInputTokens()}. */
    enum Passing {
        /** cut each output (token-exact) so that all fit */
        TRUNCATE,
        /** summarise outputs that do not fit with the fast tier, then cut if still too long */
        SUMMARIZE
    }

    /** Agents that run concurrently on the same input. */
    record Parallel(List<String> agents, Integer maxInputTokens, Passing passing) implements Step {
        public Parallel {
            agents = List.copyOf(agents);
        }

        @Override
        public String label() { return "parallel " + String.join(", ", agents); }
    }

    /** One agent that receives the previous step's outputs. */
    record Sequential(String agent, Integer maxInputTokens, Passing passing) implements Step {
        @Override
        public List<String> agents() { return List.of(agent); }

        @Override
        public String label() { return "agent " + agent; }
    }

    /**
     * A report written section by section by one agent: one model call per section, at most
     * {@code concurrency} at once, each emitted (stdout and file) in order the moment it and the ones
     * before it are complete.
     *
     * @param file the report file (relative to the workspace; {@code {{input}}} is replaced), or null for stdout only
     */
    record Report(String agent, List<String> sections, String file, int concurrency, Integer maxInputTokens,
                  Passing passing) implements Step {
        public Report {
            sections = List.copyOf(sections);
        }

        @Override
        public List<String> agents() { return List.of(agent); }

        @Override
        public String label() { return "report by " + agent + " (" + sections.size() + " sections)"; }
    }
}
