package dev.tern.orchestration.workflow;

/** Where report sections go as they complete, in order (the CLI prints them on stdout). */
@FunctionalInterface
public interface ReportSink {

    ReportSink NONE = (index, sections, title, text) -> { };

    /** Section {@code index} (0-based) of {@code sections}, complete. Called in order, from one thread. */
    void section(int index, int sections, String title, String text);
}
