package dev.tern.channels.email;

import dev.tern.channels.InboundMessage;
import dev.tern.workspace.tools.web.HtmlText;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;

/** Turns a received mail into an {@link InboundMessage}: sender, threading headers, and the text of the body. */
final class MailReader {

    private MailReader() { }

    /** Why a mail is not for the assistant (an automatic reply, a list, our own mail), or null when it is. */
    static String skipReason(MimeMessage m, String ownAddress) throws MessagingException {
        String auto = m.getHeader("Auto-Submitted", null);
        if (auto != null && !auto.strip().equalsIgnoreCase("no")) return "Auto-Submitted: " + auto;
        String precedence = m.getHeader("Precedence", null);
        if (precedence != null && precedence.strip().toLowerCase(Locale.ROOT).matches("bulk|list|junk")) return "Precedence: " + precedence;
        String from = sender(m);
        if (from == null) return "no From address";
        if (from.equalsIgnoreCase(ownAddress)) return "sent by the assistant itself";
        return null;
    }

    /** The sender's address, lower case, or null. */
    static String sender(Message m) throws MessagingException {
        Address[] from = m.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress a) || a.getAddress() == null) return null;
        return a.getAddress().strip().toLowerCase(Locale.ROOT);
    }

    /**
     * @param fallbackKey the de-duplication key when the mail has no Message-ID (UIDVALIDITY and UID)
     */
    static InboundMessage read(MimeMessage m, int maxBodyChars, String fallbackKey) throws MessagingException, IOException {
        String from = sender(m);
        String messageId = m.getMessageID();
        String subject = m.getSubject() == null ? "" : m.getSubject();
        String body = bodyText(m).strip();
        if (body.length() > maxBodyChars) body = body.substring(0, maxBodyChars) + "\n[… truncated at " + maxBodyChars + " characters]";
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("subject", subject);
        if (messageId != null) meta.put("message_id", messageId);
        String references = m.getHeader("References", " ");
        if (references != null) meta.put("references", references.replaceAll("\\s+", " ").strip());
        InternetAddress a = (InternetAddress) m.getFrom()[0];
        if (a.getPersonal() != null) meta.put("from_name", a.getPersonal());
        String inReplyTo = m.getHeader("In-Reply-To", null);
        String thread = references != null && !references.isBlank() ? references.strip().split("\\s+")[0] : messageId;
        String text = subject.isBlank() ? body : "Subject: " + subject + "\n\n" + body;
        return new InboundMessage("email", from, from, text, messageId, messageId != null ? messageId : fallbackKey,
                inReplyTo, thread, meta);
    }

    /** The text of a message: its text/plain part, else its HTML part converted to text. */
    static String bodyText(Part p) throws MessagingException, IOException {
        String plain = find(p, "text/plain");
        if (plain != null) return stripQuoted(plain.replace("\r\n", "\n"));
        String html = find(p, "text/html");
        return html == null ? "" : HtmlText.convert(Jsoup.parse(html));
    }

    private static String find(Part p, String type) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) return null;
        if (p.isMimeType(type)) {
            Object c = p.getContent();
            return c instanceof String s ? s : null;
        }
        if (p.isMimeType("multipart/*") && p.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                String s = find(bp, type);
                if (s != null) return s;
            }
        }
        if (p.isMimeType("message/rfc822") && p.getContent() instanceof Part inner) return find(inner, type);
        return null;
    }

    /** Drops the quoted previous mail at the end of a reply ({@code > ...} lines after "On ... wrote:"). */
    static String stripQuoted(String text) {
        String[] lines = text.split("\n", -1);
        int end = lines.length;
        while (end > 0 && (lines[end - 1].startsWith(">") || lines[end - 1].isBlank())) end--;
        if (end == lines.length) return text;
        if (end > 0 && lines[end - 1].strip().matches("(?i)^on .+ wrote:$")) end--;
        if (end == 0) return text;  // nothing but a quote: keep it
        return String.join("\n", java.util.Arrays.copyOf(lines, end));
    }
}
