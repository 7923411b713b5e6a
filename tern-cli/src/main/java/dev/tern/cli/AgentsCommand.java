package dev.tern.cli;

import dev.tern.json.Json;
import dev.tern.orchestration.agents.AgentCatalog;
import dev.tern.orchestration.agents.AgentDefinition;
import dev.tern.orchestration.agents.AgentRegistry;
import dev.tern.orchestration.files.Problem;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tern agents}: the workspace's agent definitions, paged, sorted by priority then name. */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = "List the agents defined in agents/*.md and .claude/agents/*.md (sorted by priority, then name).")
public final class AgentsCommand implements Callable<Integer> {

    @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current directory)")
    Path workspace;

    @Option(names = "--json", description = "print the page as a JSON array of {name, description, model, tools, file, ...}")
    boolean json;

    @Option(names = "--page", description = "page number, from 1 (default 1)")
    int page = 1;

    @Option(names = "--page-size", description = "agents per page (default 50)")
    int pageSize = 50;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Path ws = AgentsCommand.folder(workspace, err);
        if (ws == null) return RunCommand.SETUP;
        if (page < 1 || pageSize < 1) {
            err.println("tern: --page and --page-size must be at least 1");
            return 2;
        }
        AgentCatalog c = new AgentRegistry(ws).catalog();
        for (Problem p : c.problems()) err.println("tern: " + (p.fatal() ? "" : "note: ") + p);
        List<AgentDefinition> shown = c.page(page, pageSize);
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (AgentDefinition d : shown) rows.add(row(d, ws));
            out.println(Json.write(rows));
            return 0;
        }
        if (c.size() == 0) {
            out.println("no agents: add agents/<name>.md (or .claude/agents/<name>.md) with name and description in its front matter");
            return 0;
        }
        int nameW = 4, modelW = 5;
        for (AgentDefinition d : shown) {
            nameW = Math.max(nameW, d.name().length());
            modelW = Math.max(modelW, model(d).length());
        }
        out.printf("%-" + nameW + "s  %-" + modelW + "s  %-24s  %s%n", "NAME", "MODEL", "TOOLS", "DESCRIPTION");
        for (AgentDefinition d : shown) {
            out.printf("%-" + nameW + "s  %-" + modelW + "s  %-24s  %s%n", d.name(), model(d), Progress.abbreviate(d.toolsText(), 24),
                    Progress.abbreviate(d.description(), 70));
            out.printf("%-" + nameW + "s  %s%n", "", display(ws, d.file()));
        }
        out.printf("page %d of %d (%d agents)%n", page, c.pages(pageSize), c.size());
        return 0;
    }

    /** The {@code --workspace} folder (default: the current one) as an absolute path, or null (reported) when it is not a folder. */
    static Path folder(Path option, PrintStream err) {
        Path ws = (option == null ? Path.of("") : option).toAbsolutePath().normalize();
        if (Files.isDirectory(ws)) return ws;
        err.println("tern: workspace is not a folder: " + ws);
        return null;
    }

    static String model(AgentDefinition d) { return d.model() == null ? "inherit" : d.model(); }

    static String display(Path ws, Path file) {
        return file.startsWith(ws) ? ws.relativize(file).toString() : file.toString();
    }

    static Map<String, Object> row(AgentDefinition d, Path ws) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("description", d.description());
        m.put("model", model(d));
        m.put("tools", d.tools() == null ? List.of("*") : d.tools());
        m.put("file", display(ws, d.file()));
        m.put("source", d.source() == AgentDefinition.Source.CLAUDE ? ".claude/agents" : "agents");
        m.put("priority", d.priority());
        m.put("keywords", d.keywords());
        return m;
    }
}
