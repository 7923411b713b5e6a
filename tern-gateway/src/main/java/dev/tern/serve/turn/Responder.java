package dev.tern.serve.turn;

import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.run.RunResult;

/**
 * What answers requests for one model id: the workspace's default agent ({@code tern}), an agent
 * ({@code tern:agent/<name>}) or a workflow ({@code tern:workflow/<name>}). Every front-end (the OpenAI
 * API, the web UI, MCP, channels) runs turns through one of these, so what they get is the same.
 */
public interface Responder {

    /** The model id clients use. */
    String model();

    /** One line for {@code /v1/models} and MCP tool descriptions. */
    String description();

    /** True when the responder honours {@link Turn#clientTools()} (agents do; workflows do not). */
    default boolean clientTools() { return true; }

    /**
     * Runs one turn in {@code space}. Never throws for model or tool failures (see the outcome).
     *
     * @throws IllegalArgumentException for a turn that does not fit (e.g. tool results that answer nothing)
     */
    RunResult answer(WorkspaceRuntime space, Turn turn);
}
