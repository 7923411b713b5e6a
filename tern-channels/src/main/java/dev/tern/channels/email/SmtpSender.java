package dev.tern.channels.email;

import dev.tern.channels.OutboundMessage;
import dev.tern.channels.SendException;
import dev.tern.channels.config.EmailConfig;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Date;
import java.util.Locale;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/** Sends mail over SMTP (SSL, STARTTLS or plain), threading answers under the mail they answer. */
final class SmtpSender {

    private final EmailConfig config;
    private final Session session;
    private final String protocol;

    SmtpSender(EmailConfig config) {
        this.config = config;
        this.protocol = config.smtpUseSsl() ? "smtps" : "smtp";
        MailProperties p = new MailProperties(protocol, config.smtpHost(), config.smtpPort(), 60_000,
                config.smtpUseSsl() || config.smtpUseTls()).set("auth", Boolean.toString(!config.smtpUsername().isBlank()));
        if (!config.smtpUseSsl() && config.smtpUseTls()) p.set("starttls.enable", "true").set("starttls.required", "true");
        this.session = Session.getInstance(p.properties());
    }

    /** The message for {@code out}: a reply (In-Reply-To, References, "Re:" subject) when it answers a mail. */
    MimeMessage compose(OutboundMessage out) throws MessagingException {
        MimeMessage msg = new MimeMessage(session);
        msg.setFrom(new InternetAddress(config.sender()));
        msg.setRecipients(Message.RecipientType.TO, InternetAddress.parse(out.chatId(), true));
        String original = out.metadata().getOrDefault("subject", "");
        String subject;
        if (out.replyToId() != null || !original.isEmpty()) {
            subject = original.toLowerCase(Locale.ROOT).startsWith("re:") ? original : config.subjectPrefix() + original;
        } else {
            subject = out.metadata().getOrDefault("new_subject", "Message from your assistant");
        }
        if (out.parts() > 1) subject = subject + " (" + out.part() + "/" + out.parts() + ")";
        msg.setSubject(subject, "UTF-8");
        String parent = out.replyToId() != null ? out.replyToId() : out.metadata().get("message_id");
        if (parent != null) {
            msg.setHeader("In-Reply-To", parent);
            String refs = out.metadata().getOrDefault("references", "");
            msg.setHeader("References", (refs.isBlank() ? "" : refs + " ") + parent);
            msg.setHeader("Auto-Submitted", "auto-replied");  // RFC 3834: other robots do not answer us
        } else {
            msg.setHeader("Auto-Submitted", "auto-generated");
        }
        msg.setSentDate(new Date());
        msg.setText(out.text(), "UTF-8");
        msg.saveChanges();
        return msg;
    }

    void send(OutboundMessage out) throws SendException {
        try {
            MimeMessage msg = compose(out);
            try (Transport t = session.getTransport(protocol)) {
                if (config.smtpUsername().isBlank()) t.connect();
                else t.connect(config.smtpHost(), config.smtpPort(), config.smtpUsername(), config.smtpPassword());
                t.sendMessage(msg, msg.getAllRecipients());
            }
        } catch (AuthenticationFailedException e) {
            throw SendException.permanent("smtp " + config.smtpHost() + ": login refused: " + e.getMessage(), e);
        } catch (SMTPSendFailedException e) {
            int code = e.getReturnCode();
            String why = "smtp " + config.smtpHost() + ": " + code + " " + oneLine(e.getMessage());
            throw code >= 400 && code < 500 ? SendException.transientFailure(why, null, e) : SendException.permanent(why, e);
        } catch (SendFailedException e) {
            throw SendException.permanent("smtp " + config.smtpHost() + ": recipient refused: " + oneLine(e.getMessage()), e);
        } catch (MessagingException e) {
            boolean io = e.getCause() instanceof IOException || e.getNextException() instanceof IOException;
            String why = "smtp " + config.smtpHost() + ":" + config.smtpPort() + ": " + oneLine(e.getMessage());
            throw io ? SendException.transientFailure(why, null, e) : SendException.permanent(why, e);
        }
    }

    private static String oneLine(String s) { return s == null ? "" : s.replaceAll("\\s+", " ").strip(); }
}
