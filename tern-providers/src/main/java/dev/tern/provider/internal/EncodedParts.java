package dev.tern.provider.internal;

import dev.tern.json.Json;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The wire encoding of request parts already sent, per request writer. An agent re-sends its whole history on
 * every model call, and every message but the newest was encoded, byte for byte the same, by the call before:
 * the writer copies those bytes instead of escaping the text again (a 200-message history is ~107 KB of JSON,
 * and the code that escapes it is what the JIT spent most of its first second compiling).
 *
 * <p>Keyed by identity (messages and tool specs are immutable records; an equal copy is encoded once more and
 * costs nothing else), held weakly (a message its conversation dropped frees its bytes with it), bounded in bytes
 * ({@link WeakIdentityCache}: a lookup per message of every request must cost next to nothing, compiled or not).
 * A part's encoding is one or more JSON values, comma-separated, written into the caller's generator as one raw
 * value: the generator still places the separators around it.
 */
public final class EncodedParts {

    /** Per writer: a long session's history or a thousand short ones. */
    public static final long DEFAULT_MAX_BYTES = 32L << 20;
    /**
     * The shortest conversation whose messages are cached: below it a message is re-sent a few times at most, and
     * keeping its bytes costs more than escaping it again (10 000 concurrent three-call tasks ran 10-30 % slower with
     * every message cached: more GC, more live heap, cache upkeep), while a 200-message history is copied in a tenth
     * of the time it takes to write.
     */
    public static final int MIN_MESSAGES = 16;
    /** What an entry costs beside its bytes: the map node, the entry (a weak reference), the queue node, the wrapper. */
    private static final int ENTRY_OVERHEAD = 128;

    private final WeakIdentityCache<Raw> cache;

    public EncodedParts(long maxBytes) {
        this.cache = new WeakIdentityCache<>(maxBytes, raw -> raw.bytes.length + ENTRY_OVERHEAD);
    }

    public EncodedParts() {
        this(DEFAULT_MAX_BYTES);
    }

    /**
     * Writes {@code part} into {@code g}: its cached encoding, or {@code encoder}'s output (written into a scratch
     * array inside the caller's current array, then cached). {@code encoder} must depend on nothing but {@code part}.
     */
    public <T> void write(JsonGenerator g, T part, BiConsumer<JsonGenerator, T> encoder) {
        Raw raw = cache.get(part);
        if (raw == null) {
            raw = encode(part, encoder);
            cache.put(part, raw);
        }
        if (raw.bytes.length > 0) g.writeRawValue(raw);
    }

    /**
     * Writes {@code part} through the cache when {@code cacheable}, else with {@code encoder} directly (a part that is
     * not the same from call to call, or a request too short to pay for the cache). When {@code cacheable},
     * {@code encoder} must depend on nothing but {@code part}.
     */
    public <T> void write(JsonGenerator g, T part, boolean cacheable, BiConsumer<JsonGenerator, T> encoder) {
        if (cacheable) write(g, part, encoder);
        else encoder.accept(g, part);
    }

    /** Whether a request with {@code messages} messages has its messages cached (its tools always are). */
    public static boolean reuses(int messages) {
        return messages >= MIN_MESSAGES;
    }

    /** Entries held (tests). */
    long size() {
        return cache.size();
    }

    private static <T> Raw encode(T part, BiConsumer<JsonGenerator, T> encoder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartArray(); // the values as they would sit in the request's array: commas between, none around
            encoder.accept(g, part);
            g.writeEndArray();
        }
        byte[] all = out.toByteArray();
        return new Raw(Arrays.copyOfRange(all, 1, all.length - 1));
    }

    /** Encoded JSON written as it is ({@code writeRawValue}); only the unquoted forms are ever asked for. */
    private record Raw(byte[] bytes) implements SerializableString {

        @Override
        public String getValue() { return new String(bytes, StandardCharsets.UTF_8); }

        @Override
        public int charLength() { return getValue().length(); }

        @Override
        public byte[] asUnquotedUTF8() { return bytes; }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (bytes.length > buffer.length - offset) return -1;
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String s = getValue();
            if (s.length() > buffer.length - offset) return -1;
            s.getChars(0, s.length(), buffer, offset);
            return s.length();
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (bytes.length > buffer.remaining()) return -1;
            buffer.put(bytes);
            return bytes.length;
        }

        // the quoted forms (a raw value as a JSON string) are Jackson's own

        @Override
        public char[] asQuotedChars() { return quoted().asQuotedChars(); }

        @Override
        public byte[] asQuotedUTF8() { return quoted().asQuotedUTF8(); }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) { return quoted().appendQuotedUTF8(buffer, offset); }

        @Override
        public int appendQuoted(char[] buffer, int offset) { return quoted().appendQuoted(buffer, offset); }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException { return quoted().writeQuotedUTF8(out); }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException { return quoted().putQuotedUTF8(buffer); }

        private SerializedString quoted() { return new SerializedString(getValue()); }
    }
}
