package dev.tern.cli;

import dev.tern.batch.BatchApi;
import dev.tern.batch.BatchPolling;
import dev.tern.batch.BatchRequest;
import dev.tern.batch.BatchResult;
import dev.tern.batch.BatchStatus;
import dev.tern.cancel.Cancellation;
import dev.tern.model.ModelException;
import dev.tern.provider.batch.BatchInput;
import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.SetupException;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.workspace.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tern batch submit FILE.jsonl | status ID | results ID [--wait] | cancel ID}: work that can wait,
 * through the vendors' batch APIs at half price. The input is OpenAI batch input lines
 * ({@code {"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": {...}}}); for Claude models
 * the same file goes to Anthropic's Message Batches.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Submit requests to a vendor's batch API (about half price, answered within 24 h) and read the results.",
                "FILE.jsonl holds OpenAI batch input lines: {\"custom_id\": \"a1\", \"method\": \"POST\", "
                        + "\"url\": \"/v1/chat/completions\", \"body\": {\"model\": \"...\", \"messages\": [...]}}",
                "Claude models go to Anthropic Message Batches, others to the OpenAI Batch API."},
        subcommands = {BatchCommand.Submit.class, BatchCommand.Status.class, BatchCommand.Results.class, BatchCommand.Cancel.class})
public final class BatchCommand implements Runnable {

    static final int OK = 0, FAILED = 1, USAGE = 2, SETUP = 3;

    /** The process environment and streams; tests replace them. */
    Map<String, String> env = System.getenv();
    PrintStream out = System.out;
    PrintStream err = System.err;
    BatchPolling polling = BatchPolling.DEFAULT;

    @Override
    public void run() {
        CommandLines.of(this).usage(out);
    }

    /** Runs {@code work} on an opened workspace, turning failures into one line and an exit code. */
    int withWorkspace(WorkspaceOptions opts, Work work) {
        Path ws;
        try {
            ws = opts.workspace(err);
        } catch (java.io.UncheckedIOException e) {
            err.println("tern: " + e.getMessage());
            return SETUP;
        }
        String problem = WorkspaceOptions.problem(ws);
        if (problem != null) {
            err.println("tern: " + problem);
            return SETUP;
        }
        try (WorkspaceRuntime tern = WorkspaceRuntime.open(new RuntimeOptions(ws, opts.config, opts.model, null, null, null, null, env))) {
            return work.run(tern);
        } catch (IllegalArgumentException e) {
            err.println("tern: " + e.getMessage());
            return USAGE;
        } catch (ModelException e) {
            err.println("tern: " + e.getMessage());
            return e.kind() == ModelException.Kind.AUTHENTICATION ? SETUP : FAILED;
        } catch (ConfigException | SetupException e) {
            err.println("tern: " + e.getMessage());
            return SETUP;
        } catch (IOException e) {
            err.println("tern: " + e.getMessage());
            return FAILED;
        }
    }

    @FunctionalInterface
    interface Work {
        int run(WorkspaceRuntime tern) throws IOException;
    }

    /** The API that owns {@code id}: from the workspace's record of it, else from the id's form. */
    static BatchApi api(WorkspaceRuntime tern, String id) {
        BatchRecords rec = BatchRecords.load(tern.workspace(), id);
        return rec != null && rec.model() != null ? tern.batchApi(rec.model()) : tern.batchApiForId(id);
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit the requests of FILE.jsonl as one batch; prints the batch id.")
    static final class Submit implements Callable<Integer> {
        @ParentCommand BatchCommand parent;
        @CommandLine.Mixin WorkspaceOptions opts = new WorkspaceOptions();

        @Parameters(paramLabel = "FILE.jsonl", description = "one request per line (OpenAI batch input format)")
        Path file;

        @Override
        public Integer call() {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                parent.err.println("tern: cannot read " + file + ": " + e.getMessage());
                return USAGE;
            }
            List<BatchRequest> requests;
            try {
                requests = BatchInput.parse(text);
            } catch (IllegalArgumentException e) {
                parent.err.println("tern: " + file + ": " + e.getMessage());
                return USAGE;
            }
            return parent.withWorkspace(opts, tern -> {
                String model = requests.get(0).request().model();
                BatchApi api = tern.batchApi(model);
                BatchStatus s = api.submit(requests, Cancellation.create());
                new BatchRecords(s.id(), api.name(), model, file.toString(), Instant.now(),
                        requests.stream().map(BatchRequest::customId).toList()).save(tern.workspace());
                parent.out.println(s.id());
                parent.err.println("tern: submitted " + requests.size() + " request" + (requests.size() == 1 ? "" : "s") + " to the "
                        + api.name() + " batch API: " + s.summary());
                return OK;
            });
        }
    }

    /** A subcommand about one batch. */
    abstract static class OnBatch implements Callable<Integer> {
        @ParentCommand BatchCommand parent;
        @CommandLine.Mixin WorkspaceOptions opts = new WorkspaceOptions();

        @Parameters(paramLabel = "ID", description = "the batch id that submit printed") String id;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show where a batch is.")
    static final class Status extends OnBatch {
        @Override
        public Integer call() {
            return parent.withWorkspace(opts, tern -> {
                BatchStatus s = api(tern, id).status(id, Cancellation.create());
                parent.out.println(s.summary());
                return OK;
            });
        }
    }

    @Command(name = "results", mixinStandardHelpOptions = true,
            description = "Print a batch's results as JSONL on stdout (one line per custom_id, in the input's order); a summary with the cost goes to stderr.")
    static final class Results extends OnBatch {
        @Option(names = "--wait", description = "wait for the batch to end, polling with backoff")
        boolean await;

        @Override
        public Integer call() {
            return parent.withWorkspace(opts, tern -> {
                BatchApi api = api(tern, id);
                Cancellation cancel = Cancellation.create();
                BatchStatus s = api.status(id, cancel);
                if (!s.ended() && await) {
                    s = parent.polling.awaitEnd(api, id, cancel, st -> parent.err.println("tern: " + st.summary()));
                }
                if (!s.ended()) {
                    parent.err.println("tern: batch has not ended yet: " + s.summary() + " (use --wait)");
                    return FAILED;
                }
                if (!s.hasResults()) {
                    parent.err.println("tern: batch has no results: " + s.summary());
                    return FAILED;
                }
                List<BatchResult> results = api.results(id, cancel);
                BatchRecords rec = BatchRecords.load(tern.workspace(), id);
                BatchOutput.Totals t = BatchOutput.print(results, rec == null ? List.of() : rec.customIds(), tern.runtime().prices(),
                        parent.out);
                parent.err.println("tern: " + t.summary());
                return OK;
            });
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Ask the vendor to cancel a batch (answered requests keep their results).")
    static final class Cancel extends OnBatch {
        @Override
        public Integer call() {
            return parent.withWorkspace(opts, tern -> {
                parent.out.println(api(tern, id).cancel(id, Cancellation.create()).summary());
                return OK;
            });
        }
    }
}
