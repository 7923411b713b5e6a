package dev.tern.channels.email;

import dev.tern.channels.AllowList;
import dev.tern.channels.Channel;
import dev.tern.channels.ChannelException;
import dev.tern.channels.InboundSink;
import dev.tern.channels.OutboundMessage;
import dev.tern.channels.SendException;
import dev.tern.channels.config.EmailConfig;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Email: IMAP in ({@link ImapReceiver}: IDLE or polling), SMTP out ({@link SmtpSender}), answers threaded
 * under the mail they answer ({@code In-Reply-To}, {@code References}, "Re:" subject). The chat is the
 * sender's address, so each correspondent has their own session {@code email:<address>}. It does not
 * start without {@code consentGranted}: reading someone's mailbox needs their explicit yes.
 */
public final class EmailChannel implements Channel {

    private static final Logger LOG = Logger.getLogger(EmailChannel.class.getName());

    private final EmailConfig config;
    private final AllowList allow;
    private final SmtpSender smtp;
    private final ImapReceiver imap;

    public EmailChannel(EmailConfig config) {
        this.config = config;
        this.allow = AllowList.ignoringCase(config.allowFrom());
        this.smtp = new SmtpSender(config);
        this.imap = new ImapReceiver(config);
    }

    @Override public String name() { return "email"; }

    @Override public AllowList allowList() { return allow; }

    @Override public int maxMessageChars() { return 1_000_000; }

    @Override public boolean sendsProgress() { return false; }

    @Override
    public void start(InboundSink sink) throws ChannelException {
        if (!config.consentGranted()) {
            throw new ChannelException("email: not started: channels.email.consentGranted is false; set it to true once the"
                    + " mailbox owner has agreed that the assistant reads and answers their mail");
        }
        List<String> missing = config.missingKeys();
        if (!missing.isEmpty()) throw new ChannelException("email: not started: missing channels.email." + String.join(", channels.email.", missing));
        try {
            imap.start(sink);
        } catch (MessagingException e) {
            throw new ChannelException("email: IMAP " + config.imapUsername() + "@" + config.imapHost() + ":" + config.imapPort()
                    + ": " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip(), e);
        }
        LOG.info("email: receiving from " + config.imapMailbox() + " on " + config.imapHost() + (imap.idleSupported() ? " (IMAP IDLE)"
                : " (polling every " + config.pollIntervalSeconds() + " s)"));
    }

    /** Whether the server offered IMAP IDLE (else the channel polls). */
    public boolean usesIdle() { return imap.idleSupported(); }

    /** How many times the mailbox was looked at (an IDLE renewal or a poll each). */
    public int rounds() { return imap.rounds(); }

    @Override
    public void send(OutboundMessage message) throws SendException {
        if (message.replyToId() != null && !config.autoReplyEnabled()) {
            LOG.info("email: not answering " + message.chatId() + ": channels.email.autoReplyEnabled is false");
            return;
        }
        smtp.send(message);
    }

    @Override
    public void close() { imap.close(); }
}
