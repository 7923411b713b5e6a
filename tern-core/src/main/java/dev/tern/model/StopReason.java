package dev.tern.model;

/** Why the model stopped generating. */
public enum StopReason {
    END_TURN, TOOL_USE, MAX_TOKENS, STOP_SEQUENCE, CONTENT_FILTER, REFUSAL, OTHER
}
