package dev.tern.cli;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import dev.tern.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The metrics log: one JSON line per finished run (main agent and sub-agents) appended to
 * {@code .tern/metrics/runs.jsonl} in the workspace — outcome, model calls, tool calls, tokens by kind,
 * cost and wall time. Append-only and grep-able, like the sessions.
 */
final class RunLog implements AgentListener {

    private static final Logger LOG = Logger.getLogger(RunLog.class.getName());

    private final Path file;
    private final String session;
    private final String model;

    RunLog(Path workspace, String session, String model) {
        this.file = workspace.resolve(".tern").resolve("metrics").resolve("runs.jsonl");
        this.session = session;
        this.model = model;
    }

    @Override
    public void onEvent(AgentEvent e) {
        if (!(e instanceof AgentEvent.RunFinished f)) return;
        RunResult r = f.result();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", Instant.now().toString());
        line.put("run", f.runId());
        line.put("agent", f.agent());
        line.put("session", session);
        line.put("model", model);
        line.put("outcome", r.outcome().name().toLowerCase());
        if (r.reason() != null) line.put("reason", r.reason());
        line.put("modelCalls", r.iterations());
        line.put("toolCalls", r.toolCalls());
        line.put("wallMs", r.wall().toMillis());
        line.put("inputTokens", r.usage().inputTokens());
        line.put("outputTokens", r.usage().outputTokens());
        line.put("cacheReadTokens", r.usage().cacheReadTokens());
        line.put("cacheWriteTokens", r.usage().cacheWriteTokens());
        line.put("costUsd", r.costUsd());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.write(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException ex) {
            LOG.log(Level.WARNING, "cannot append to " + file + ": " + ex.getMessage());
        }
    }
}
