package dev.tern.channels.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tern.channels.config.EmailConfig;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real mail server on loopback (GreenMail: SMTP and IMAP with IDLE over sockets) with mailboxes for the
 * assistant and its correspondents; people send and read mail through it with the same protocols.
 */
final class MailServer implements AutoCloseable {

    static final String ASSISTANT = "assistant@tern.test";
    final GreenMail mail;

    MailServer() {
        mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)}));
        mail.start();
        mail.setUser(ASSISTANT, "assistant", "s3cret");
    }

    void person(String address, String login) { mail.setUser(address, login, "pw-" + login); }

    int smtpPort() { return mail.getSmtp().getPort(); }

    int imapPort() { return mail.getImap().getPort(); }

    /** The assistant's channel config, as a user would write it, with plain (non-TLS) loopback connections. */
    EmailConfig config(List<String> allowFrom, boolean consent, boolean markSeen, int pollSeconds) {
        return new EmailConfig(true, consent, "127.0.0.1", imapPort(), "assistant", "s3cret", "INBOX", false,
                "127.0.0.1", smtpPort(), "assistant", "s3cret", false, false, ASSISTANT,
                pollSeconds, markSeen, 12_000, true, "Re: ", allowFrom);
    }

    /** Sends a mail over SMTP, with the given headers (Message-ID, In-Reply-To ...). */
    void send(String from, String to, String subject, String body, Map<String, String> headers) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(smtpPort()));
        Session s = Session.getInstance(p);
        MimeMessage m = new MimeMessage(s) {
            @Override protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-ID") == null) super.updateMessageID();
            }
        };
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject);
        m.setText(body, "UTF-8");
        for (Map.Entry<String, String> h : headers.entrySet()) m.setHeader(h.getKey(), h.getValue());
        m.saveChanges();
        Transport.send(m);
    }

    /** What is in a mailbox, read over IMAP: (subject, headers, body, seen) of each mail. */
    List<Mail> inbox(String login) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap.peek", "true");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", imapPort(), login, login.equals("assistant") ? "s3cret" : "pw-" + login);
        try {
            Folder f = store.getFolder("INBOX");
            f.open(Folder.READ_ONLY);
            List<Mail> out = new ArrayList<>();
            for (Message m : f.getMessages()) {
                MimeMessage mm = (MimeMessage) m;
                out.add(new Mail(mm.getSubject(), mm.getMessageID(), mm.getHeader("In-Reply-To", null), mm.getHeader("References", " "),
                        mm.getHeader("Auto-Submitted", null), ((InternetAddress) mm.getFrom()[0]).getAddress(),
                        String.valueOf(mm.getContent()).strip(), mm.isSet(Flags.Flag.SEEN)));
            }
            f.close(false);
            return out;
        } finally {
            store.close();
        }
    }

    record Mail(String subject, String messageId, String inReplyTo, String references, String autoSubmitted, String from, String body,
                boolean seen) { }

    @Override
    public void close() { mail.stop(); }
}
