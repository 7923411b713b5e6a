package dev.tern.logging;

/** Where formatted log lines go (one line each, without the newline). */
@FunctionalInterface
public interface LogSink {

    /** The process's stderr as it is at the time of the call (tests may replace System.err). */
    LogSink STDERR = line -> {
        System.err.println(line);
        System.err.flush();
    };

    void write(String line);
}
