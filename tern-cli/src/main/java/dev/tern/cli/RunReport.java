package dev.tern.cli;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code tern run} prints on stdout, by {@code --output-format}: the answer (text); one JSON object
 * at the end (json); or one JSON object per event as it happens and the same result object last, with
 * {@code "type": "result"} (stream-json). The result names the answer, outcome and reason, the session,
 * the model, token usage by kind, the cost in USD (null when the model has no known price), the tool
 * calls and the exit code.
 */
final class RunReport implements AgentListener {

    private final OutputOptions.Format format;
    private final PrintStream out;
    private final ToolCallLog tools = new ToolCallLog();

    RunReport(OutputOptions.Format format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    @Override
    public void onEvent(AgentEvent e) {
        tools.onEvent(e);
        if (format == OutputOptions.Format.STREAM_JSON) {
            String line = EventJson.write(EventJson.of(e));
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }

    /**
     * Prints the end of the run.
     *
     * @param outcome the outcome as reported ({@code completed}, {@code timeout}, {@code empty_answer}, ...)
     * @param costKnown whether the cost could be computed (a price is known for every model used)
     */
    void result(RunResult r, String outcome, String reason, String session, String model, boolean costKnown, int exitCode) {
        switch (format) {
            case TEXT -> {
                if (exitCode == RunCommand.OK) out.println(r.text());
            }
            case JSON, STREAM_JSON -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "result");
                m.put("answer", r.text());
                m.put("outcome", outcome);
                m.put("reason", reason);
                m.put("session", session);
                m.put("model", model);
                m.put("usage", EventJson.usage(r.usage()));
                m.put("cost", costKnown ? r.costUsd() : null);
                m.put("costKnown", costKnown);
                m.put("modelCalls", r.iterations());
                m.put("toolCalls", tools.calls());
                m.put("wallMs", r.wall().toMillis());
                m.put("exitCode", exitCode);
                synchronized (out) {
                    out.println(EventJson.write(m));
                    out.flush();
                }
            }
        }
    }

    /** A run that could not start (setup or usage problem): JSON formats still get a result object. */
    void error(String reason, int exitCode) {
        if (format == OutputOptions.Format.TEXT) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "result");
        m.put("answer", "");
        m.put("outcome", "error");
        m.put("reason", reason);
        m.put("exitCode", exitCode);
        synchronized (out) {
            out.println(EventJson.write(m));
            out.flush();
        }
    }

    static String outcome(RunResult r) { return r.outcome().name().toLowerCase(Locale.ROOT); }
}
