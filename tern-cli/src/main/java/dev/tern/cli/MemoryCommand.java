package dev.tern.cli;

import dev.tern.memory.LongTermMemory;
import dev.tern.memory.MemoryRuntime;
import dev.tern.memory.WorkspaceMemory;
import dev.tern.memory.facts.FactWrite;
import dev.tern.memory.store.StoreException;
import dev.tern.runtime.MemoryAccess;
import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.SetupException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code tern memory show|search|remember|forget|export|prune}: the workspace's long-term memory
 * (facts, conversations, knowledge graph) and agent memory (past runs), without a model or API key.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Look into and edit the workspace's memory (memory/memory.db): facts, past conversations, the knowledge"
                + " graph and past runs."},
        subcommands = {MemoryCommand.Show.class, MemoryCommand.Search.class, MemoryCommand.Remember.class,
                MemoryCommand.Forget.class, MemoryCommand.Export.class, MemoryCommand.Prune.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:not found, or the memory store failed", "2:bad command-line usage", "3:setup problem (config, workspace)"})
public final class MemoryCommand implements Runnable {

    static final int OK = 0, FAILED = 1, USAGE = 2, SETUP = 3;

    @Option(names = {"-w", "--workspace"}, scope = ScopeType.INHERIT, description = "workspace folder (default: the current directory)")
    Path workspace;

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, description = "config file (default: ~/.tern/config.json)")
    Path config;

    /** Streams and environment; tests replace them. */
    PrintStream out = System.out;
    PrintStream err = System.err;
    Map<String, String> env = System.getenv();

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(out);
    }

    /** What a subcommand does with the opened memory; returns the exit code. */
    @FunctionalInterface
    interface Action {
        int run(MemoryRuntime memory, PrintStream out, PrintStream err) throws Exception;
    }

    int with(Action action) {
        Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        if (!Files.isDirectory(ws)) {
            err.println("tern: workspace is not a folder: " + ws);
            return SETUP;
        }
        MemoryRuntime memory;
        try {
            memory = MemoryAccess.open(new RuntimeOptions(ws, config, null, null, null, null, null, env));
        } catch (SetupException e) {
            err.println("tern: " + e.getMessage());
            return SETUP;
        }
        if (memory == null) {
            err.println("tern: memory is turned off in the config (\"memory\": {\"enabled\": false})");
            return SETUP;
        }
        try (memory) {
            return action.run(memory, out, err);
        } catch (StoreException | IllegalArgumentException e) {
            err.println("tern: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("tern: " + e);
            return FAILED;
        }
    }

    /** Base of the subcommands: reach the parent's options and streams. */
    abstract static class Sub implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        MemoryCommand parent;

        @Override
        public Integer call() {
            return parent.with(this::act);
        }

        abstract int act(MemoryRuntime memory, PrintStream out, PrintStream err) throws Exception;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "What memory holds: counts, recent facts, main entities.")
    static final class Show extends Sub {
        @Option(names = "--limit", description = "facts to list (default 20)")
        int limit = 20;

        @Override
        int act(MemoryRuntime memory, PrintStream out, PrintStream err) {
            MemoryOutput.show(memory.memory(), limit, out);
            return OK;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Search facts, past conversations, relations and past runs, best first.")
    static final class Search extends Sub {
        @Parameters(arity = "1..*", paramLabel = "QUERY")
        List<String> query;

        @Option(names = "--json", description = "print a JSON array of {id, kind, text, score, ...}")
        boolean json;

        @Option(names = "--limit", description = "results at most (default 10)")
        int limit = 10;

        @Override
        int act(MemoryRuntime memory, PrintStream out, PrintStream err) {
            List<MemoryOutput.Hit> hits = MemoryOutput.search(memory.memory(), String.join(" ", query), Math.max(1, limit));
            if (json) out.println(MemoryOutput.json(hits));
            else if (hits.isEmpty()) out.println("nothing in memory matches");
            else hits.forEach(h -> out.println(MemoryOutput.line(h)));
            return OK;
        }
    }

    @Command(name = "remember", mixinStandardHelpOptions = true, description = "Store a fact, as you say it.")
    static final class Remember extends Sub {
        @Parameters(arity = "1..*", paramLabel = "FACT")
        List<String> fact;

        @Override
        int act(MemoryRuntime memory, PrintStream out, PrintStream err) {
            LongTermMemory lt = memory.longTerm();
            FactWrite w = lt.remember(String.join(" ", fact), "user");
            lt.flushView();
            out.println(w.kind() == FactWrite.Kind.CONFIRMED ? "Already known as fact #" + w.fact().id() + "; confirmed now."
                    : "Remembered as fact #" + w.fact().id() + ".");
            return OK;
        }
    }

    @Command(name = "forget", mixinStandardHelpOptions = true,
            description = "Delete a fact (and its older versions) from memory, recall and MEMORY.md.")
    static final class Forget extends Sub {
        private static final Pattern ID = Pattern.compile("(?:fact)?[:#]?(\\d+)");

        @Parameters(paramLabel = "ID", description = "the fact id, as shown by search and show")
        String id;

        @Override
        int act(MemoryRuntime memory, PrintStream out, PrintStream err) {
            Matcher m = ID.matcher(id.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                err.println("tern: not a fact id: " + id);
                return USAGE;
            }
            long n = Long.parseLong(m.group(1));
            LongTermMemory lt = memory.longTerm();
            List<Long> gone = lt.forget(List.of(n));
            lt.flushView();
            if (gone.isEmpty()) {
                err.println("tern: there is no fact #" + n);
                return FAILED;
            }
            out.println("Forgot fact #" + n + (gone.size() > 1 ? " and " + (gone.size() - 1) + " older version(s)" : "") + ".");
            return OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write all of memory as JSON Lines (one object per fact, episode, entity, relation, run).")
    static final class Export extends Sub {
        @Option(names = {"-o", "--output"}, description = "file to write (default: stdout)")
        Path output;

        @Override
        int act(MemoryRuntime memory, PrintStream out, PrintStream err) throws Exception {
            WorkspaceMemory m = memory.memory();
            if (output == null) {
                MemoryOutput.export(m, out);
                out.flush();
                return OK;
            }
            Path tmp = output.resolveSibling(output.getFileName() + ".tmp");
            try (PrintStream file = new PrintStream(Files.newOutputStream(tmp), false, java.nio.charset.StandardCharsets.UTF_8)) {
                long n = MemoryOutput.export(m, file);
                file.flush();
                if (file.checkError()) throw new java.io.IOException("cannot write " + tmp);
                err.println("tern: exported " + n + " records to " + output);
            }
            Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return OK;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true, description = "Delete past runs by age and/or keep each agent's newest.")
    static final class Prune extends Sub {
        private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([mhdw])");

        @Option(names = "--older-than", paramLabel = "AGE", description = "e.g. 90d, 12h, 2w, 30m")
        String olderThan;

        @Option(names = "--keep", paramLabel = "N", description = "keep each agent's N newest runs")
        Integer keep;

        @Override
        int act(MemoryRuntime memory, PrintStream out, PrintStream err) {
            if (olderThan == null && keep == null) {
                err.println("tern: say what to prune: --older-than AGE and/or --keep N");
                return USAGE;
            }
            Duration age = null;
            if (olderThan != null) {
                Matcher m = AGE.matcher(olderThan.strip().toLowerCase(Locale.ROOT));
                if (!m.matches()) {
                    err.println("tern: not an age: " + olderThan + " (use e.g. 90d, 12h, 2w, 30m)");
                    return USAGE;
                }
                long n = Long.parseLong(m.group(1));
                age = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "w" -> Duration.ofDays(7 * n);
                    default -> Duration.ofDays(n);
                };
            }
            if (keep != null && keep < 0) {
                err.println("tern: --keep must be >= 0");
                return USAGE;
            }
            var agents = memory.memory().agents();
            int pruned = 0;
            if (age != null) pruned += agents.pruneOlderThan(age);
            if (keep != null) pruned += agents.pruneKeepingNewest(keep);
            out.println("Pruned " + pruned + " past run" + (pruned == 1 ? "" : "s") + "; " + agents.runs().count() + " left.");
            return OK;
        }
    }
}
