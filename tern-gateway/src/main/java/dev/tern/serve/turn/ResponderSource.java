package dev.tern.serve.turn;

import dev.tern.runtime.WorkspaceRuntime;
import java.util.List;
import java.util.Optional;

/**
 * Supplies the responders of a workspace. The gateway has the default agent built in
 * ({@link MainAgentSource}); agents and workflows plug in as further sources.
 */
public interface ResponderSource {

    /** Every responder this source offers in the workspace (for {@code /v1/models} and MCP tools). */
    List<Responder> list(WorkspaceRuntime space);

    /** The responder for {@code model}, when this source knows it. */
    Optional<Responder> find(WorkspaceRuntime space, String model);
}
