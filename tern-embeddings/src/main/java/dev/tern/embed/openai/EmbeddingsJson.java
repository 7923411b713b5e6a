package dev.tern.embed.openai;

import dev.tern.embed.EmbeddingException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/** The wire format of {@code /v1/embeddings}, written and read with Jackson's streaming API. */
final class EmbeddingsJson {

    private EmbeddingsJson() {
    }

    /** The parsed response: vectors in input order and the prompt tokens the server counted. */
    record Response(List<float[]> vectors, long promptTokens) {
    }

    static byte[] request(OpenAiEmbeddingConfig config, List<String> inputs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + inputs.size() * 64);
        try (JsonGenerator g = JsonMapper.shared().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("model", config.model());
            g.writeName("input");
            g.writeStartArray();
            for (String s : inputs) {
                g.writeString(s);
            }
            g.writeEndArray();
            if (config.dimensions() != null) {
                g.writeNumberProperty("dimensions", config.dimensions());
            }
            g.writeStringProperty("encoding_format", config.base64() ? "base64" : "float");
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static Response response(byte[] body, int expected) {
        float[][] vectors = new float[expected][];
        long promptTokens = 0;
        try (JsonParser p = JsonMapper.shared().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EmbeddingException("embeddings response is not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("data") && t == JsonToken.START_ARRAY) {
                    int position = 0;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readItem(p, vectors, position++);
                    }
                } else if (field.equals("usage") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        if (f.equals("prompt_tokens") && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                            promptTokens = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new EmbeddingException("embeddings response is not valid JSON: " + e.getOriginalMessage(), e);
        }
        for (int i = 0; i < expected; i++) {
            if (vectors[i] == null) {
                throw new EmbeddingException("embeddings response has no vector for input " + i + " of " + expected);
            }
        }
        return new Response(List.of(vectors), promptTokens);
    }

    private static void readItem(JsonParser p, float[][] vectors, int position) {
        int index = -1;
        float[] vector = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (f.equals("index") && t == JsonToken.VALUE_NUMBER_INT) {
                index = p.getIntValue();
            } else if (f.equals("embedding") && t == JsonToken.START_ARRAY) {
                vector = floats(p);
            } else if (f.equals("embedding") && t == JsonToken.VALUE_STRING) {
                vector = base64(p.getString());
            } else {
                p.skipChildren();
            }
        }
        int at = index >= 0 ? index : position;
        if (at >= vectors.length) {
            throw new EmbeddingException("embeddings response has index " + at + " but only " + vectors.length + " inputs were sent");
        }
        if (vector == null) {
            throw new EmbeddingException("embeddings response item " + at + " has no embedding");
        }
        vectors[at] = vector;
    }

    private static float[] floats(JsonParser p) {
        float[] buf = new float[1536];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw new EmbeddingException("embeddings response has a non-number component: " + t);
            }
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = p.getFloatValue();
        }
        return Arrays.copyOf(buf, n);
    }

    private static float[] base64(String s) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new EmbeddingException("embeddings response has invalid base64: " + e.getMessage(), e);
        }
        if (raw.length % 4 != 0) {
            throw new EmbeddingException("embeddings response base64 is not a float32 array (" + raw.length + " bytes)");
        }
        float[] v = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    /** The server's own words for an error body ({@code {"error":{"message":...}}}), else the start of the body. */
    static String errorMessage(byte[] body) {
        try (JsonParser p = JsonMapper.shared().createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String f = p.currentName();
                    JsonToken t = p.nextToken();
                    if (f.equals("error") && t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                            String g = p.currentName();
                            p.nextToken();
                            if (g.equals("message") && p.currentToken() == JsonToken.VALUE_STRING) {
                                return p.getString();
                            }
                            p.skipChildren();
                        }
                    } else if (f.equals("error") && t == JsonToken.VALUE_STRING) {
                        return p.getString();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (JacksonException e) {
            // not JSON: fall through to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
