package dev.tern.memory.responses;

import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatResponse;
import dev.tern.model.StopReason;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolCall;
import dev.tern.model.Usage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical bytes of a {@link CachedAnswer}: what is signed, and what a disk entry holds after its
 * header. A compact binary form (length-prefixed UTF-8 strings), fast to write on every verification.
 */
final class AnswerCodec {

    private static final int VERSION = 1;
    private static final StopReason[] STOPS = StopReason.values();

    private AnswerCodec() { }

    static byte[] encode(CachedAnswer a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + a.response().message().text().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ChatResponse r = a.response();
            out.writeInt(VERSION);
            str(out, a.key());
            out.writeLong(a.createdMillis());
            out.writeLong(a.expiresMillis());
            out.writeDouble(a.costUsd());
            str(out, r.model());
            str(out, r.id());
            out.writeByte(r.stopReason().ordinal());
            Usage u = r.usage();
            out.writeLong(u.inputTokens());
            out.writeLong(u.outputTokens());
            out.writeLong(u.cacheReadTokens());
            out.writeLong(u.cacheWriteTokens());
            AssistantMessage m = r.message();
            str(out, m.text());
            out.writeInt(m.toolCalls().size());
            for (ToolCall c : m.toolCalls()) {
                str(out, c.id());
                str(out, c.name());
                str(out, c.argumentsJson());
            }
            out.writeInt(m.thinking().size());
            for (ThinkingBlock t : m.thinking()) {
                str(out, t.text());
                str(out, t.signature());
                out.writeBoolean(t.redacted());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not an answer of this version */
    static CachedAnswer decode(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, offset, length))) {
            if (in.readInt() != VERSION) throw new IllegalArgumentException("unknown entry version");
            String key = str(in, length);
            long created = in.readLong();
            long expires = in.readLong();
            double cost = in.readDouble();
            String model = str(in, length);
            String id = str(in, length);
            int stop = in.readUnsignedByte();
            if (stop >= STOPS.length) throw new IllegalArgumentException("bad stop reason");
            Usage usage = new Usage(in.readLong(), in.readLong(), in.readLong(), in.readLong());
            String text = str(in, length);
            int n = count(in.readInt(), length);
            List<ToolCall> calls = new ArrayList<>(n);
            for (int i = 0; i < n; i++) calls.add(new ToolCall(str(in, length), str(in, length), str(in, length)));
            int t = count(in.readInt(), length);
            List<ThinkingBlock> thinking = new ArrayList<>(t);
            for (int i = 0; i < t; i++) thinking.add(new ThinkingBlock(str(in, length), str(in, length), in.readBoolean()));
            if (in.available() != 0) throw new IllegalArgumentException("trailing bytes");
            if (key == null) throw new IllegalArgumentException("no key");
            return new CachedAnswer(key, new ChatResponse(new AssistantMessage(text, calls, thinking), usage, STOPS[stop], model, id),
                    cost, created, expires);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid cache entry: " + e.getMessage(), e);
        }
    }

    private static int count(int n, int limit) {
        if (n < 0 || n > limit) throw new IllegalArgumentException("bad count " + n);
        return n;
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in, int limit) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0 || n > limit) throw new IllegalArgumentException("bad string length " + n);
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new IllegalArgumentException("truncated string");
        return new String(b, StandardCharsets.UTF_8);
    }
}
