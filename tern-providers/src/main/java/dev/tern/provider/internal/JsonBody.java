package dev.tern.provider.internal;

import dev.tern.http.TransportRequest;
import dev.tern.json.Json;
import tools.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * A request body written once with Jackson's streaming generator and sent (and re-sent on retry)
 * straight from its buffer, without another copy.
 */
public final class JsonBody extends ByteArrayOutputStream {

    private JsonBody(int initial) {
        super(initial);
    }

    /** Writes a JSON document with {@code writer}. */
    public static JsonBody write(int sizeHint, Consumer<JsonGenerator> writer) {
        JsonBody body = new JsonBody(Math.max(256, sizeHint));
        try (JsonGenerator g = Json.MAPPER.createGenerator(body)) {
            writer.accept(g);
        }
        return body;
    }

    /** The body for the transport: this buffer, not a copy. */
    public TransportRequest.Bytes asBody() {
        return TransportRequest.Body.of(buf, 0, count);
    }

    /** The body as text (tests and debugging; copies). */
    @Override
    public String toString() {
        return new String(buf, 0, count, java.nio.charset.StandardCharsets.UTF_8);
    }
}
