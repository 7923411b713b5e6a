package dev.tern.cli;

import dev.tern.json.Json;
import dev.tern.orchestration.files.Problem;
import dev.tern.orchestration.workflow.Step;
import dev.tern.orchestration.workflow.WorkflowDefinition;
import dev.tern.orchestration.workflow.WorkflowRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tern workflows}: the workspace's workflows. */
@Command(name = "workflows", mixinStandardHelpOptions = true, description = "List the workflows defined in workflows/*.md.")
public final class WorkflowsCommand implements Callable<Integer> {

    @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current directory)")
    Path workspace;

    @Option(names = "--json", description = "print a JSON array of {name, description, steps, agents, file}")
    boolean json;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Path ws = AgentsCommand.folder(workspace, err);
        if (ws == null) return RunCommand.SETUP;
        WorkflowRegistry.Catalog c = new WorkflowRegistry(ws).catalog();
        for (Problem p : c.problems()) err.println("tern: " + (p.fatal() ? "" : "note: ") + p);
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (WorkflowDefinition w : c.workflows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", w.name());
                m.put("description", w.description());
                m.put("steps", w.steps().stream().map(Step::label).toList());
                m.put("gather", w.gather().size());
                m.put("agents", List.copyOf(w.agents()));
                m.put("file", AgentsCommand.display(ws, w.file()));
                rows.add(m);
            }
            out.println(Json.write(rows));
            return 0;
        }
        if (c.workflows().isEmpty()) {
            out.println("no workflows: add workflows/<name>.md with name, description and steps in its front matter");
            return 0;
        }
        for (WorkflowDefinition w : c.workflows()) {
            out.println(w.name() + "  " + w.description());
            if (!w.gather().isEmpty()) out.println("  gather: " + w.gather().size() + " tool calls");
            for (int i = 0; i < w.steps().size(); i++) out.println("  " + (i + 1) + ". " + w.steps().get(i).label());
            out.println("  " + AgentsCommand.display(ws, w.file()));
        }
        return 0;
    }
}
