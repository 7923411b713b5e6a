package dev.tern.channels.cron;

import dev.tern.json.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tern cron add | list | remove}: the jobs of a workspace, run by {@code tern serve}. Registered as a
 * subcommand of {@code tern}. Exit codes: 0 done, 1 failed (one line on stderr), 2 bad usage.
 */
@Command(name = "cron", mixinStandardHelpOptions = true, description = "Scheduled agent turns (run by tern serve).",
        subcommands = {CronCommand.Add.class, CronCommand.ListJobs.class, CronCommand.Remove.class})
public final class CronCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** The workspace option every subcommand shares. */
    static final class Workspace {
        @Option(names = {"-w", "--workspace"}, description = "workspace folder (default: the current directory)")
        Path dir;

        CronStore store() { return new CronStore((dir == null ? Path.of("") : dir).toAbsolutePath().normalize()); }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a job; prints its id.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Workspace ws = new Workspace();

        @Parameters(index = "0", paramLabel = "SCHEDULE", description = "five cron fields (\"0 9 * * 1-5\"), @daily, @hourly, @every 30m, @at <ISO instant>")
        String schedule;

        @Parameters(index = "1", paramLabel = "MESSAGE", description = "what the agent is asked each time")
        String message;

        @Option(names = "--channel", paramLabel = "CHANNEL:CHAT", description = "deliver answers there, e.g. email:me@example.com or telegram:12345")
        String channel;

        @Option(names = "--name", description = "a label for the job")
        String name;

        @Option(names = "--tz", paramLabel = "ZONE", description = "time zone of the cron fields (default: the system's)")
        String tz;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                ZoneId zone = tz == null ? null : ZoneId.of(tz);
                CronStore store = ws.store();
                CronJob job = store.add(schedule, message, channel, name, zone, Instant.now());
                spec.commandLine().getOut().println(job.id());
                err.println("tern cron: added " + job.id() + " (" + job.schedule().text() + "), next run " + job.nextRunAt()
                        + (job.channel() == null ? "" : ", answers to " + job.channel()) + "; tern serve runs it");
                return 0;
            } catch (DateTimeException e) {
                err.println("tern cron add: unknown time zone '" + tz + "'");
                return 2;
            } catch (IllegalArgumentException e) {
                err.println("tern cron add: " + e.getMessage());
                return 2;
            } catch (IllegalStateException | UncheckedIOException e) {
                err.println("tern cron add: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the jobs.")
    static final class ListJobs implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Workspace ws = new Workspace();

        @Option(names = "--json", description = "a JSON array of {id, name, schedule, message, channel, enabled, nextRun, lastRun, lastStatus, lastError}")
        boolean json;

        @Override
        public Integer call() {
            List<CronJob> jobs;
            try {
                jobs = ws.store().list();
            } catch (IllegalStateException | UncheckedIOException e) {
                spec.commandLine().getErr().println("tern cron list: " + e.getMessage());
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(jobs)));
            } else if (jobs.isEmpty()) {
                out.println("no jobs (add one with: tern cron add \"0 9 * * 1-5\" \"Summarise my inbox\")");
            } else {
                out.printf("%-8s  %-16s  %-22s  %-20s  %s%n", "ID", "SCHEDULE", "NEXT RUN", "TO", "MESSAGE");
                for (CronJob j : jobs) {
                    out.printf("%-8s  %-16s  %-22s  %-20s  %s%n", j.id(), j.schedule().text(),
                            j.enabled() ? String.valueOf(j.nextRunAt()) : "disabled", j.channel() == null ? "(session)" : j.channel(),
                            j.message().replace('\n', ' '));
                }
            }
            return 0;
        }

        static ArrayNode toJson(List<CronJob> jobs) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (CronJob j : jobs) {
                ObjectNode o = arr.addObject();
                o.put("id", j.id());
                o.put("name", j.name());
                o.put("schedule", j.schedule().text());
                o.put("message", j.message());
                o.put("channel", j.channel());
                o.put("tz", j.schedule() instanceof Schedule.Cron c && c.zone() != null ? c.zone().getId() : null);
                o.put("enabled", j.enabled());
                o.put("nextRun", j.nextRunAt() == null ? null : j.nextRunAt().toString());
                o.put("lastRun", j.lastRunAt() == null ? null : j.lastRunAt().toString());
                o.put("lastStatus", j.lastStatus());
                o.put("lastError", j.lastError());
            }
            return arr;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a job.")
    static final class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Workspace ws = new Workspace();

        @Parameters(index = "0", paramLabel = "ID", description = "the job's id (tern cron list)")
        String id;

        @Override
        public Integer call() {
            try {
                CronStore store = ws.store();
                if (!store.remove(id)) {
                    spec.commandLine().getErr().println("tern cron remove: no job '" + id + "' in " + store.file());
                    return 1;
                }
                spec.commandLine().getOut().println("removed " + id);
                return 0;
            } catch (IllegalStateException | UncheckedIOException e) {
                spec.commandLine().getErr().println("tern cron remove: " + e.getMessage());
                return 1;
            }
        }
    }
}
