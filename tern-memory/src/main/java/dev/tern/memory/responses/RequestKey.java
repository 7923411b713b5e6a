package dev.tern.memory.responses;

import dev.tern.llm.RequestTags;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The key of a request: SHA-256 (hex) of a canonical, length-prefixed encoding of everything that
 * decides the answer — model, system prompt, tools, messages, sampling parameters (max output tokens,
 * temperature, tool choice, thinking budget) — streamed into the digest without building a document.
 *
 * <p>Left out because they do not change the answer: the prompt-cache key and hints, metadata, and
 * the agent's volatile suffix ({@link RequestTags#VOLATILE_SUFFIX}: current time, chat id) at the end of
 * user turns. Tool-call ids are replaced by their order of appearance, so the same conversation with
 * other provider-generated ids has the same key.
 */
public final class RequestKey {

    private static final byte[] VERSION = "tern-response-cache/1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private RequestKey() { }

    /** The key of {@code request} (64 lower-case hex characters). */
    public static String of(ChatRequest request) {
        Digest d = new Digest();
        d.raw(VERSION);
        d.str(request.model());
        d.num(request.maxOutputTokens() == null ? -1 : request.maxOutputTokens());
        d.num(request.temperature() == null ? Long.MIN_VALUE : Double.doubleToLongBits(request.temperature()));
        d.num(request.toolChoice().ordinal());
        d.str(request.forcedTool());
        d.num(request.thinking());
        d.num(request.tools().size());
        for (ToolSpec t : request.tools()) {
            d.str(t.name());
            d.str(t.description());
            d.str(t.parametersJson());
        }
        String suffix = request.metadata().get(RequestTags.VOLATILE_SUFFIX);
        Map<String, Integer> ids = new HashMap<>();
        d.num(request.messages().size());
        for (Message m : request.messages()) {
            switch (m) {
                case SystemMessage s -> {
                    d.num(1);
                    d.str(s.text());
                }
                case UserMessage u -> {
                    d.num(2);
                    String text = u.text();
                    if (suffix != null && !suffix.isEmpty() && text.endsWith(suffix)) {
                        text = text.substring(0, text.length() - suffix.length());
                    }
                    d.str(text);
                }
                case AssistantMessage a -> {
                    d.num(3);
                    d.str(a.text());
                    d.num(a.toolCalls().size());
                    for (ToolCall c : a.toolCalls()) {
                        d.num(ordinal(ids, c.id()));
                        d.str(c.name());
                        d.str(c.argumentsJson());
                    }
                    d.num(a.thinking().size());
                    for (ThinkingBlock t : a.thinking()) {
                        d.str(t.text());
                        d.str(t.signature());
                        d.num(t.redacted() ? 1 : 0);
                    }
                }
                case ToolResultMessage r -> {
                    d.num(4);
                    d.num(ordinal(ids, r.toolCallId()));
                    d.str(r.toolName());
                    d.str(r.content());
                    d.num(r.error() ? 1 : 0);
                }
            }
        }
        return HEX.formatHex(d.md.digest());
    }

    private static int ordinal(Map<String, Integer> ids, String id) {
        Integer n = ids.putIfAbsent(id, ids.size());
        return n == null ? ids.size() - 1 : n;
    }

    /** Length-prefixed fields into SHA-256: no two different field sequences encode the same bytes. */
    private static final class Digest {
        final MessageDigest md;
        private final byte[] eight = new byte[8];

        Digest() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JDK", e);
            }
        }

        void raw(byte[] b) { md.update(b); }

        void num(long v) {
            for (int i = 7; i >= 0; i--) {
                eight[i] = (byte) v;
                v >>>= 8;
            }
            md.update(eight);
        }

        void str(String s) {
            if (s == null) {
                num(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            num(b.length);
            md.update(b);
        }
    }
}
