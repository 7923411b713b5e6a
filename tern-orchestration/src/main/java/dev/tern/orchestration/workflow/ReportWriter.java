package dev.tern.orchestration.workflow;

import dev.tern.agent.Agent;
import dev.tern.agent.RunRequest;
import dev.tern.cancel.Cancellation;
import dev.tern.run.RunContext;
import dev.tern.run.RunResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Writes a report section by section (Navam #1, #7): one model call per section, at most
 * {@code concurrency} at once, started in order (one thread hands out the permits); each section is handed to
 * the sink and appended to the file (one write on an append-only channel) the moment it and every section before it are complete, so
 * the reader has the first section while the next ones are being written.
 */
final class ReportWriter {

    /** A finished section call. */
    private record Done(RunResult result, long endedNanos) { }

    /** What writing the report produced. */
    record Written(List<Output> sections, List<RunResult> runs, Duration firstSection, String failure,
                   RunResult.Outcome failedOutcome) { }

    private final Agent writer;
    private final RunContext root;
    private final Path file;
    private final ReportSink sink;
    private final WorkflowListener listener;
    private final long workflowStart;

    /**
     * @param writer        the writing agent, with no tools and one model call per run
     * @param file          the report file (created or emptied now), or null
     * @param workflowStart {@link System#nanoTime()} at the start of the workflow
     */
    ReportWriter(Agent writer, RunContext root, Path file, ReportSink sink, WorkflowListener listener, long workflowStart) {
        this.writer = writer;
        this.root = root;
        this.file = file;
        this.sink = sink;
        this.listener = listener;
        this.workflowStart = workflowStart;
    }

    /** One section's model call, on a thread of its own; it gives its permit back when it ends. */
    private void section(String prompt, CompletableFuture<Done> f, Cancellation cancel, Semaphore permits) {
        try {
            if (cancel.isCancelled()) {
                f.completeExceptionally(new IllegalStateException("cancelled"));
                return;
            }
            RunResult r = writer.run(RunRequest.of(prompt).withParent(root).withWorkspace(root.workspace()).withCancellation(cancel));
            f.complete(new Done(r, System.nanoTime()));
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        } finally {
            permits.release();
        }
    }

    Written write(List<String> titles, String input, String material, int concurrency) throws IOException {
        if (file != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, new byte[0]); // a fresh report: sections are appended below
        }
        Cancellation cancel = root.cancellation().child();
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<Done>> calls = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            calls.add(new CompletableFuture<>());
            prompts.add(prompt(titles, i, input, material));
        }
        // one thread hands out the permits in section order: started each on its own thread, the sections raced for
        // them, and the last could take the first wave's place, so that nothing was printed until it had ended
        Thread.ofVirtual().name("sections").start(() -> {
            for (int i = 0; i < calls.size(); i++) {
                CompletableFuture<Done> f = calls.get(i);
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    for (CompletableFuture<Done> rest : calls.subList(i, calls.size())) rest.completeExceptionally(e);
                    return;
                }
                String prompt = prompts.get(i);
                Thread.ofVirtual().name("section-" + (i + 1)).start(() -> section(prompt, f, cancel, permits));
            }
        });
        List<Output> sections = new ArrayList<>();
        List<RunResult> runs = new ArrayList<>();
        Duration first = null;
        try (FileChannel out = file == null ? null
                : FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < titles.size(); i++) {
                Done d;
                try {
                    d = calls.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel.cancel("interrupted");
                    return new Written(sections, runs, first, "interrupted", RunResult.Outcome.CANCELLED);
                } catch (ExecutionException e) {
                    cancel.cancel("section failed");
                    return new Written(sections, runs, first, "section '" + titles.get(i) + "' failed: " + e.getCause(),
                            RunResult.Outcome.FAILED);
                }
                runs.add(d.result());
                if (!d.result().completed()) {
                    cancel.cancel("section '" + titles.get(i) + "' failed");
                    return new Written(sections, runs, first, "section '" + titles.get(i) + "': " + d.result().reason(),
                            d.result().outcome());
                }
                String text = section(titles.get(i), d.result().text());
                sink.section(i, titles.size(), titles.get(i), text);
                if (out != null) append(out, text + "\n\n");
                long now = System.nanoTime();
                if (first == null) first = Duration.ofNanos(now - workflowStart);
                sections.add(new Output(titles.get(i), text));
                listener.onEvent(new WorkflowEvent.SectionEmitted(i, titles.size(), titles.get(i), text.length(),
                        Duration.ofNanos(Math.max(0, now - d.endedNanos())), Duration.ofNanos(now - workflowStart)));
            }
        } finally {
            cancel.release();
        }
        return new Written(sections, runs, first, null, null);
    }

    /** The section's text with its heading (added when the model did not start with one). */
    static String section(String title, String text) {
        String t = text.strip();
        return t.startsWith("#") ? t : "## " + title + "\n\n" + t;
    }

    static String prompt(List<String> titles, int i, String input, String material) {
        StringBuilder sb = new StringBuilder();
        sb.append("Write section \"").append(titles.get(i)).append("\" of the report on: ").append(input).append('\n');
        sb.append("It is section ").append(i + 1).append(" of ").append(titles.size()).append(" (")
          .append(String.join(", ", titles)).append("). Write only this section, starting with the heading \"## ")
          .append(titles.get(i)).append("\".");
        if (!material.isBlank()) sb.append("\n\n").append(material);
        return sb.toString();
    }

    /** One write call per section on an append-only channel: a reader never sees half a section. */
    private static void append(FileChannel out, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) out.write(b);
    }
}
