package dev.tern.orchestration.workflow;

/** What one agent of a step produced (the text passed forward). */
public record Output(String agent, String text) { }
