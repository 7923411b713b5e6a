package dev.tern.model;

import java.util.Objects;

/** The system prompt. Kept byte-stable between calls so provider prompt caches hit. */
public record SystemMessage(String text) implements Message {
    public SystemMessage {
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String role() { return "system"; }
}
