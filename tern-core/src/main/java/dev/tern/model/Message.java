package dev.tern.model;

/**
 * One message of a conversation. Immutable; provider wire formats never leak in here.
 * Every provider maps these four kinds to and from its own wire shapes.
 */
public sealed interface Message permits SystemMessage, UserMessage, AssistantMessage, ToolResultMessage {

    /** The role name used in logs and in the session file: system, user, assistant, tool. */
    String role();

    static SystemMessage system(String text) { return new SystemMessage(text); }

    static UserMessage user(String text) { return new UserMessage(text); }

    static AssistantMessage assistant(String text) { return AssistantMessage.ofText(text); }
}
