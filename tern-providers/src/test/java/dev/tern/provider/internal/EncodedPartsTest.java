package dev.tern.provider.internal;

import dev.tern.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EncodedPartsTest {

    /** A part: a record, so two distinct instances can be equal. */
    record Part(String text, int values) { }

    private static final BiConsumer<JsonGenerator, Part> ENCODE = (g, p) -> {
        for (int i = 0; i < p.values(); i++) {
            g.writeStartObject();
            g.writeStringProperty("text", p.text());
            g.writeNumberProperty("i", i);
            g.writeEndObject();
        }
    };

    /** An array holding {@code parts}, each through {@code cache} (null: encoded directly). */
    private static String array(EncodedParts cache, List<Part> parts, BiConsumer<JsonGenerator, Part> encode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayPropertyStart("a");
            for (Part p : parts) {
                if (cache == null) encode.accept(g, p); else cache.write(g, p, encode);
            }
            g.writeEndArray();
            g.writeNumberProperty("after", 1);
            g.writeEndObject();
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void cachedPartsAreWrittenByteForByteAsTheEncoderWritesThemSeparatorsIncluded() {
        EncodedParts cache = new EncodedParts();
        List<Part> parts = List.of(new Part("one", 1), new Part("several \"quoted\" é \n 😀", 3), new Part("none", 0),
                new Part("last", 2));
        String direct = array(null, parts, ENCODE);
        assertThat(array(cache, parts, ENCODE)).isEqualTo(direct); // encodes and caches
        assertThat(array(cache, parts, ENCODE)).isEqualTo(direct); // from the cache
        assertThat(Json.parse(direct).path("a")).hasSize(6);
    }

    @Test
    void aPartIsEncodedOnceAndAnEqualCopyIsItsOwnEntry() {
        EncodedParts cache = new EncodedParts();
        AtomicInteger encoded = new AtomicInteger();
        BiConsumer<JsonGenerator, Part> counting = (g, p) -> {
            encoded.incrementAndGet();
            ENCODE.accept(g, p);
        };
        Part p = new Part("x", 1);
        for (int i = 0; i < 5; i++) array(cache, List.of(p), counting);
        assertThat(encoded).hasValue(1);
        array(cache, List.of(new Part("x", 1)), counting); // equal, not the same message: keyed by identity
        assertThat(encoded).hasValue(2);
    }

    @Test
    void aPartNothingElseHoldsLeavesTheCache() {
        EncodedParts cache = new EncodedParts();
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < 100; i++) parts.add(new Part("message " + i, 1));
        array(cache, parts, ENCODE);
        assertThat(cache.size()).isEqualTo(100);
        parts.clear();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return cache.size() == 0;
        });
    }

    @Test
    void onlyConversationsLongEnoughToPayForItAreCached() {
        assertThat(EncodedParts.reuses(EncodedParts.MIN_MESSAGES - 1)).isFalse();
        assertThat(EncodedParts.reuses(EncodedParts.MIN_MESSAGES)).isTrue();
    }

    @Test
    void theCacheKeepsWithinItsByteBound() {
        EncodedParts cache = new EncodedParts(64 * 1024);
        List<Part> held = new ArrayList<>();
        String text = "y".repeat(1000);
        for (int i = 0; i < 500; i++) {
            Part p = new Part(text, 1);
            held.add(p);
            array(cache, List.of(p), ENCODE);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(64 * 1024 / 1000);
        assertThat(array(cache, held, ENCODE)).isEqualTo(array(null, held, ENCODE)); // evicted ones are encoded again
    }
}
