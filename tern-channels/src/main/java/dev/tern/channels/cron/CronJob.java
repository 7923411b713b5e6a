package dev.tern.channels.cron;

import java.time.Instant;
import java.util.Objects;

/**
 * A scheduled job, as kept in {@code <workspace>/cron/jobs.json} (nanobot's store shape).
 *
 * @param id             short random id ({@code tern cron remove ID})
 * @param name           a label (default: the start of the message)
 * @param enabled        disabled jobs never fire
 * @param schedule       when it fires
 * @param message        what the agent is asked
 * @param channel        where the answer goes, {@code <channel>:<chatId>} (e.g. {@code email:me@example.com}), or
 *                       null: the answer stays in the job's session {@code cron:<id>}
 * @param createdAt      when it was added
 * @param nextRunAt      the next fire (null until the scheduler first sees the job, or when there is none)
 * @param lastRunAt      when it last fired, or null
 * @param lastStatus     {@code ok}, {@code error}, {@code skipped}, {@code running}, or null
 * @param lastError      one line, or null
 * @param deleteAfterRun remove a one-shot job once it ran
 */
public record CronJob(String id, String name, boolean enabled, Schedule schedule, String message, String channel,
                      Instant createdAt, Instant nextRunAt, Instant lastRunAt, String lastStatus, String lastError,
                      boolean deleteAfterRun) {

    public CronJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(message, "message");
        if (name == null || name.isBlank()) name = message.length() > 30 ? message.substring(0, 30) : message;
    }

    /** The channel part of {@link #channel()} ({@code email}), or null. */
    public String targetChannel() { return channel == null ? null : channel.substring(0, channel.indexOf(':')); }

    /** The chat part of {@link #channel()} ({@code me@example.com}), or null. */
    public String targetChat() { return channel == null ? null : channel.substring(channel.indexOf(':') + 1); }

    public CronJob withNextRun(Instant next) {
        return new CronJob(id, name, enabled, schedule, message, channel, createdAt, next, lastRunAt, lastStatus, lastError, deleteAfterRun);
    }

    public CronJob withRun(Instant ranAt, String status, String error) {
        return new CronJob(id, name, enabled, schedule, message, channel, createdAt, nextRunAt, ranAt, status, error, deleteAfterRun);
    }

    public CronJob withStatus(String status, String error) {
        return new CronJob(id, name, enabled, schedule, message, channel, createdAt, nextRunAt, lastRunAt, status, error, deleteAfterRun);
    }

    public CronJob disabled() {
        return new CronJob(id, name, false, schedule, message, channel, createdAt, null, lastRunAt, lastStatus, lastError, deleteAfterRun);
    }
}
