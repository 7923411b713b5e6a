package dev.tern.cli;

import dev.tern.logging.Verbosity;
import java.util.Locale;
import picocli.CommandLine.Option;

/** What goes to stdout and how much goes to stderr: {@code --output-format}, {@code -q}, {@code -v}, {@code --stats}. */
final class OutputOptions {

    /** The shapes of stdout. */
    enum Format { TEXT, JSON, STREAM_JSON;
        static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                case "stream-json", "stream_json", "jsonl" -> STREAM_JSON;
                default -> throw new IllegalArgumentException("--output-format: expected text, json or stream-json, got '" + s + "'");
            };
        }
    }

    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (the answer), json (one object at the end: answer, usage, cost, session, tool calls) "
                    + "or stream-json (one JSON event per line, then the result)")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "no progress and no warnings on stderr: only errors")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "more on stderr: Tern's debug messages and libraries' warnings (-vv: everything)")
    boolean[] verbose = new boolean[0];

    @Option(names = "--stats", description = "print tokens, cost, cache and tool counters to stderr at the end")
    boolean stats;

    Format format() { return Format.parse(format); }

    Verbosity verbosity() { return Verbosity.of(quiet, verbose.length); }
}
