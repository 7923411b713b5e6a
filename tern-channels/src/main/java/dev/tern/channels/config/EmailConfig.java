package dev.tern.channels.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code channels.email}, nanobot's keys (camelCase or snake_case): IMAP in, SMTP out.
 *
 * @param enabled             run the channel
 * @param consentGranted      the mailbox owner agreed that the assistant reads it; without it the channel does not start
 * @param pollIntervalSeconds how often to look for new mail when the server has no IMAP IDLE (and the IDLE renewal)
 * @param markSeen            flag answered mail {@code \Seen}
 * @param maxBodyChars        longest body passed to the agent
 * @param autoReplyEnabled    answer incoming mail (false: read it into the session, answer nothing)
 * @param subjectPrefix       prefix of reply subjects ({@code "Re: "})
 * @param allowFrom           sender addresses allowed (case-insensitive; {@code *@example.com}; {@code *})
 */
public record EmailConfig(boolean enabled, boolean consentGranted,
                          String imapHost, int imapPort, String imapUsername, String imapPassword, String imapMailbox,
                          boolean imapUseSsl,
                          String smtpHost, int smtpPort, String smtpUsername, String smtpPassword, boolean smtpUseTls,
                          boolean smtpUseSsl, String fromAddress,
                          int pollIntervalSeconds, boolean markSeen, int maxBodyChars, boolean autoReplyEnabled,
                          String subjectPrefix, List<String> allowFrom) {

    public EmailConfig {
        allowFrom = List.copyOf(allowFrom);
    }

    static EmailConfig parse(Section s) {
        return new EmailConfig(
                s.flag("enabled", false), s.flag("consentGranted", false),
                s.text("imapHost", ""), s.integer("imapPort", 993, 1, 65535), s.text("imapUsername", ""),
                s.text("imapPassword", ""), s.text("imapMailbox", "INBOX"), s.flag("imapUseSsl", true),
                s.text("smtpHost", ""), s.integer("smtpPort", 587, 1, 65535), s.text("smtpUsername", ""),
                s.text("smtpPassword", ""), s.flag("smtpUseTls", true), s.flag("smtpUseSsl", false), s.text("fromAddress", ""),
                s.integer("pollIntervalSeconds", 30, 1, 86_400), s.flag("markSeen", true),
                s.integer("maxBodyChars", 12_000, 100, 10_000_000), s.flag("autoReplyEnabled", true),
                s.text("subjectPrefix", "Re: "), s.texts("allowFrom"));
    }

    /** The keys an enabled channel needs but lacks, by their config names. */
    public List<String> missingKeys() {
        List<String> m = new ArrayList<>();
        if (imapHost.isBlank()) m.add("imapHost");
        if (imapUsername.isBlank()) m.add("imapUsername");
        if (imapPassword.isEmpty()) m.add("imapPassword");
        if (smtpHost.isBlank()) m.add("smtpHost");
        if (fromAddress.isBlank() && smtpUsername.isBlank()) m.add("fromAddress");
        return m;
    }

    /** The From address of replies: {@code fromAddress}, else the SMTP user, else the IMAP user (as nanobot). */
    public String sender() {
        if (!fromAddress.isBlank()) return fromAddress;
        return !smtpUsername.isBlank() ? smtpUsername : imapUsername;
    }

    @Override
    public String toString() {  // never print passwords
        return "EmailConfig[enabled=" + enabled + ", consentGranted=" + consentGranted + ", imap=" + imapUsername + "@" + imapHost
                + ":" + imapPort + "/" + imapMailbox + (imapUseSsl ? " ssl" : "") + ", smtp=" + smtpUsername + "@" + smtpHost + ":"
                + smtpPort + (smtpUseSsl ? " ssl" : smtpUseTls ? " starttls" : "") + ", from=" + sender() + ", allowFrom=" + allowFrom + "]";
    }
}
