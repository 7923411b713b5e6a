package dev.tern.cli;

import dev.tern.embed.onnx.OnnxEmbedder;
import dev.tern.json.Json;
import dev.tern.orchestration.agents.AgentRegistry;
import dev.tern.orchestration.files.Problem;
import dev.tern.orchestration.routing.Embeddings;
import dev.tern.orchestration.routing.Route;
import dev.tern.orchestration.routing.Router;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tern route "task"}: which agent a task goes to, with a confidence and the method that chose it. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Rank the workspace's agents for a task: keywords first, local embeddings when keywords are not decisive.")
public final class RouteCommand implements Callable<Integer> {

    @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current directory)")
    Path workspace;

    @Option(names = "--json", description = "print {\"agent\", \"confidence\", \"method\", \"ranked\": [{\"agent\", \"score\"}]}")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "TASK", description = "the task to route")
    List<String> task;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Path ws = AgentsCommand.folder(workspace, err);
        if (ws == null) return RunCommand.SETUP;
        AgentRegistry agents = new AgentRegistry(ws);
        OnnxEmbedder[] model = new OnnxEmbedder[1];
        try {
            Router router = Embeddings.router(ws, agents::catalog, () -> model[0] = new OnnxEmbedder());
            for (Problem p : agents.catalog().problems()) err.println("tern: " + (p.fatal() ? "" : "note: ") + p);
            Route r = router.route(String.join(" ", task));
            if (json) out.println(Json.write(json(r)));
            else print(r);
            return 0;
        } finally {
            if (model[0] != null) model[0].close();
        }
    }

    static Map<String, Object> json(Route r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", r.agent());
        m.put("confidence", r.confidence());
        m.put("method", r.method());
        List<Map<String, Object>> ranked = new ArrayList<>();
        for (Route.Ranked x : r.ranked()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("agent", x.agent());
            e.put("score", Math.round(x.score() * 1000) / 1000.0);
            ranked.add(e);
        }
        m.put("ranked", ranked);
        m.put("reason", r.reason());
        return m;
    }

    private void print(Route r) {
        if (r.agent() == null) {
            out.println("no agent fits: " + r.reason());
            return;
        }
        out.printf(Locale.ROOT, "%s  (confidence %.2f, %s)%n", r.agent(), r.confidence(), r.method());
        out.println("  " + r.reason());
        for (Route.Ranked x : r.ranked()) out.printf(Locale.ROOT, "  %-24s %.3f%n", x.agent(), x.score());
    }
}
