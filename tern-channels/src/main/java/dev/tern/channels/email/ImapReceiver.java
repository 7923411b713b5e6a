package dev.tern.channels.email;

import dev.tern.channels.InboundMessage;
import dev.tern.channels.InboundSink;
import dev.tern.channels.config.EmailConfig;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * The receiving side of the email channel: one IMAP connection on its own virtual thread. It takes
 * every unseen mail, hands it to the sink and then flags it {@code \Seen} ({@code markSeen}); between
 * rounds it waits in IMAP IDLE when the server has it (new mail wakes it at once; the IDLE is renewed
 * every {@code pollIntervalSeconds}), else it polls every {@code pollIntervalSeconds}. A lost connection
 * is re-opened with backoff; an outage is reported once, not on every attempt.
 */
final class ImapReceiver {

    private static final Logger LOG = Logger.getLogger(ImapReceiver.class.getName());
    private static final int HANDLED_UIDS = 10_000;

    private final EmailConfig config;
    private final Session session;
    private final String protocol;
    private final Object wake = new Object();
    private final LinkedHashSet<String> handled = new LinkedHashSet<>();  // "uidvalidity:uid" of mails already taken
    private volatile boolean running;
    private volatile Store store;
    private volatile IMAPFolder folder;
    private Thread thread;
    private volatile boolean idleSupported;
    private final AtomicInteger rounds = new AtomicInteger();

    ImapReceiver(EmailConfig config) {
        this.config = config;
        this.protocol = config.imapUseSsl() ? "imaps" : "imap";
        MailProperties p = new MailProperties(protocol, config.imapHost(), config.imapPort(), 120_000, config.imapUseSsl())
                .set("peek", "true");  // reading a body must not flag it seen: markSeen decides
        this.session = Session.getInstance(p.properties());
    }

    /** Connects once (so a wrong password fails the start with its reason), then receives on a virtual thread. */
    void start(InboundSink sink) throws MessagingException {
        open();
        running = true;
        thread = Thread.ofVirtual().name("email-imap").start(() -> loop(sink));
    }

    boolean idleSupported() { return idleSupported; }

    /** Rounds of looking for unseen mail so far (each IDLE renewal or poll is one). */
    int rounds() { return rounds.get(); }

    private void open() throws MessagingException {
        Store s = session.getStore(protocol);
        s.connect(config.imapHost(), config.imapPort(), config.imapUsername(), config.imapPassword());
        Folder f = s.getFolder(config.imapMailbox());
        if (!f.exists()) {
            s.close();
            throw new MessagingException("mailbox '" + config.imapMailbox() + "' does not exist");
        }
        f.open(Folder.READ_WRITE);
        idleSupported = s instanceof IMAPStore is && is.hasCapability("IDLE");
        store = s;
        folder = (IMAPFolder) f;
    }

    private void loop(InboundSink sink) {
        Duration backoff = Duration.ofSeconds(1);
        boolean outage = false;
        while (running) {
            try {
                if (folder == null || !folder.isOpen()) open();
                if (outage) LOG.info("email: IMAP connection to " + config.imapHost() + " is back");
                outage = false;
                backoff = Duration.ofSeconds(1);
                if (!takeUnseen(sink)) return;
                rounds.incrementAndGet();
                waitForMail();
            } catch (MessagingException | IOException | RuntimeException e) {
                if (!running) return;
                if (!outage) sink.error("email: IMAP " + config.imapHost() + ":" + config.imapPort() + ": " + e.getMessage()
                        + "; reconnecting");
                outage = true;
                closeQuietly();
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(2)) > 0 ? Duration.ofMinutes(2) : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Hands every unseen mail to the sink; false when the sink is closed. */
    private boolean takeUnseen(InboundSink sink) throws MessagingException, IOException, InterruptedException {
        IMAPFolder f = folder;
        Message[] unseen = f.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        fp.add(UIDFolder.FetchProfileItem.UID);
        f.fetch(unseen, fp);
        long validity = f.getUIDValidity();
        for (Message m : unseen) {
            String key = validity + ":" + f.getUID(m);
            if (handled.contains(key)) continue;  // markSeen false: already taken, do not download again
            MimeMessage mail = (MimeMessage) m;
            String skip = MailReader.skipReason(mail, config.sender());
            if (skip != null) {
                LOG.fine("email: ignoring mail from " + MailReader.sender(mail) + ": " + skip);
                remember(key);
                if (config.markSeen()) m.setFlag(Flags.Flag.SEEN, true);
                continue;
            }
            InboundMessage in;
            try {
                in = MailReader.read(mail, config.maxBodyChars(), "uid:" + key);
            } catch (MessagingException | IOException | RuntimeException e) {
                if (!f.isOpen()) throw e;
                sink.error("email: cannot read mail " + key + " from " + MailReader.sender(mail) + ": " + e.getMessage()
                        + "; left unseen for a person to look at");
                remember(key);
                continue;
            }
            InboundSink.Intake intake = sink.accept(in);
            if (intake == InboundSink.Intake.CLOSED) return false;
            remember(key);
            if (config.markSeen()) m.setFlag(Flags.Flag.SEEN, true);
        }
        return true;
    }

    private void remember(String key) {
        handled.add(key);
        if (handled.size() > HANDLED_UIDS) handled.remove(handled.iterator().next());
    }

    /** IDLE until the server reports a change (renewed after the poll interval), or sleep a poll interval. */
    private void waitForMail() throws MessagingException, InterruptedException {
        Duration interval = Duration.ofSeconds(config.pollIntervalSeconds());
        if (!idleSupported) {
            pause(interval);
            return;
        }
        IMAPFolder f = folder;
        // any other command on the folder ends the IDLE: a watchdog sends a NOOP when the interval is up
        Thread watchdog = Thread.ofVirtual().name("email-idle-renew").start(() -> {
            try {
                Thread.sleep(interval.toMillis());
                if (running && f.isOpen()) f.doCommand(p -> { p.simpleCommand("NOOP", null); return null; });
            } catch (InterruptedException | MessagingException ignored) {
                // closing, or the connection went: the loop reconnects
            }
        });
        try {
            f.idle(true);
        } finally {
            watchdog.interrupt();
        }
    }

    private void pause(Duration d) {
        synchronized (wake) {
            try {
                if (running) wake.wait(Math.max(1, d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void closeQuietly() {
        try {
            if (store != null) store.close();
        } catch (MessagingException ignored) {
            // already broken
        }
        folder = null;
    }

    void close() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        closeQuietly();
        if (thread != null) thread.interrupt();
    }
}
