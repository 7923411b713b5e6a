package dev.tern.workspace.config;

/**
 * {@code agents.defaults}: what every agent uses unless told otherwise.
 *
 * @param model             the main model, or null to let the provider choice decide
 * @param memoryModel       the (cheaper) model for memory consolidation, or null to use {@code model}
 * @param maxTokens         max output tokens per model call
 * @param temperature       sampling temperature
 * @param maxToolIterations model calls per run
 * @param memoryWindow      unconsolidated messages a session keeps before consolidation starts
 * @param workspace         the default workspace folder ({@code ~} expanded), or null for the current directory
 */
public record AgentDefaults(String model, String memoryModel, int maxTokens, double temperature,
                            int maxToolIterations, int memoryWindow, java.nio.file.Path workspace) {

    public static final AgentDefaults DEFAULT = new AgentDefaults(null, null, 8192, 0.1, 40, 100, null);

    public AgentDefaults {
        if (maxTokens <= 0) throw new ConfigException("agents.defaults.maxTokens must be > 0, got " + maxTokens);
        if (maxToolIterations <= 0) throw new ConfigException("agents.defaults.maxToolIterations must be > 0, got " + maxToolIterations);
        if (memoryWindow < 2) throw new ConfigException("agents.defaults.memoryWindow must be >= 2, got " + memoryWindow);
    }

    /** The model used for consolidation: {@code memoryModel} when set, else {@code model} (may be null). */
    public String effectiveMemoryModel() { return memoryModel == null || memoryModel.isBlank() ? model : memoryModel; }

    public AgentDefaults withModel(String m) {
        return new AgentDefaults(m, memoryModel, maxTokens, temperature, maxToolIterations, memoryWindow, workspace);
    }

    public AgentDefaults withMemoryModel(String m) {
        return new AgentDefaults(model, m, maxTokens, temperature, maxToolIterations, memoryWindow, workspace);
    }
}
