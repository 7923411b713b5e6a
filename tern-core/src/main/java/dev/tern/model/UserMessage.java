package dev.tern.model;

import java.util.Objects;

/** A user turn. */
public record UserMessage(String text) implements Message {
    public UserMessage {
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String role() { return "user"; }
}
