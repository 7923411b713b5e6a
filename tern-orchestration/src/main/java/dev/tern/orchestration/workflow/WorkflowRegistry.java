package dev.tern.orchestration.workflow;

import dev.tern.orchestration.files.DefinitionFiles;
import dev.tern.orchestration.files.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workflows of a workspace ({@code workflows/*.md}), each parsed once per file change. Thread-safe. */
public final class WorkflowRegistry {

    /** The workflows at one moment, sorted by name, and the files that failed. */
    public record Catalog(List<WorkflowDefinition> workflows, List<Problem> problems) {
        public Optional<WorkflowDefinition> find(String name) {
            return workflows.stream().filter(w -> w.name().equals(name)).findFirst();
        }
    }

    private final DefinitionFiles<WorkflowDefinition> files;

    public WorkflowRegistry(Path workspace) {
        this.files = new DefinitionFiles<>(List.of(workspace.resolve("workflows")), (file, text, folder) -> WorkflowParser.parse(file, text));
    }

    public Path folder() { return files.folders().getFirst(); }

    public Catalog catalog() {
        DefinitionFiles.Scan<WorkflowDefinition> scan = files.scan();
        Map<String, WorkflowDefinition> byName = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>(scan.problems());
        for (WorkflowDefinition w : scan.values().values()) {
            WorkflowDefinition before = byName.putIfAbsent(w.name(), w);
            if (before != null) problems.add(new Problem(w.file(), 0, "workflow '" + w.name() + "' is also defined in " + before.file(), false));
        }
        List<WorkflowDefinition> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(WorkflowDefinition::name));
        return new Catalog(List.copyOf(sorted), List.copyOf(problems));
    }
}
