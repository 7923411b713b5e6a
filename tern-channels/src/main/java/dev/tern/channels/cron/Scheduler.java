package dev.tern.channels.cron;

import dev.tern.channels.heartbeat.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * The loop {@code tern serve} runs: ticks the cron scheduler and the heartbeat, then waits until the
 * earliest next fire (at most {@link #MAX_WAIT}, so jobs added by {@code tern cron add} from another
 * process are seen within that time). {@link #wake()} makes it look again at once.
 */
public final class Scheduler implements AutoCloseable {

    public static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    private final Clock clock;
    private final CronScheduler cron;
    private final Heartbeat heartbeat;
    private final Object signal = new Object();
    private volatile boolean running;
    private boolean woken;  // guarded by signal: a wake() that came while the loop was not waiting
    private Thread thread;

    /** @param heartbeat the heartbeat, or null when it is disabled */
    public Scheduler(Clock clock, CronScheduler cron, Heartbeat heartbeat) {
        this.clock = clock;
        this.cron = cron;
        this.heartbeat = heartbeat;
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        thread = Thread.ofVirtual().name("scheduler").start(this::loop);
    }

    private void loop() {
        while (running) {
            Instant wake = clock.instant().plus(MAX_WAIT);
            try {
                cron.tick();
                Instant c = cron.nextWake();
                if (c != null && c.isBefore(wake)) wake = c;
            } catch (RuntimeException e) {
                LOG.severe("cron: " + e.getMessage());
            }
            if (heartbeat != null) {
                try {
                    heartbeat.tick();
                    Instant h = heartbeat.nextWake();
                    if (h.isBefore(wake)) wake = h;
                } catch (RuntimeException e) {
                    LOG.severe("heartbeat: " + e.getMessage());
                }
            }
            long millis = Duration.between(clock.instant(), wake).toMillis();
            synchronized (signal) {
                try {
                    if (running && millis > 0 && !woken) signal.wait(millis);
                    woken = false;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Looks at the jobs again now (after a change). */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Stops the loop and waits for running jobs. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        wake();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cron.close();
    }
}
