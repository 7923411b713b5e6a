package dev.tern.sim;

/**
 * A tool call a scenario step makes.
 *
 * @param name      tool name
 * @param arguments the arguments exactly as sent on the wire (JSON text; may be deliberately malformed
 *                  when the scenario used {@code rawArguments})
 */
public record ScriptedCall(String name, String arguments) {
    public ScriptedCall {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("tool call needs a 'name'");
        arguments = arguments == null ? "{}" : arguments;
    }
}
