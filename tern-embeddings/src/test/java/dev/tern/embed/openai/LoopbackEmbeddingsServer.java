package dev.tern.embed.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on 127.0.0.1 speaking {@code POST /v1/embeddings}: deterministic vectors per
 * text, items returned in reverse order (clients must use "index"), scripted failures first.
 */
final class LoopbackEmbeddingsServer implements AutoCloseable {

    /** A scripted reply: status, headers, body. */
    record Reply(int status, Map<String, String> headers, String body) {
    }

    /** What a request carried. */
    record Seen(String authorization, JsonNode body) {
    }

    final List<Seen> requests = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final HttpServer server;
    private final int defaultDim;

    LoopbackEmbeddingsServer(int defaultDim) throws IOException {
        this.defaultDim = defaultDim;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/embeddings", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = JsonMapper.shared().readTree(in);
        requests.add(new Seen(ex.getRequestHeaders().getFirst("Authorization"), body));
        Reply scripted = script.poll();
        if (scripted != null) {
            scripted.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            send(ex, scripted.status(), scripted.body());
            return;
        }
        int dim = body.has("dimensions") ? body.get("dimensions").asInt() : defaultDim;
        boolean base64 = "base64".equals(body.path("encoding_format").asString(""));
        List<String> items = new ArrayList<>();
        int index = 0;
        int tokens = 0;
        for (JsonNode input : body.get("input")) {
            String text = input.asString();
            tokens += text.split("\\s+").length;
            float[] v = vectorOf(text, dim);
            String embedding;
            if (base64) {
                ByteBuffer b = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
                for (float x : v) {
                    b.putFloat(x);
                }
                embedding = "\"" + Base64.getEncoder().encodeToString(b.array()) + "\"";
            } else {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < dim; i++) {
                    sb.append(i == 0 ? "" : ",").append(v[i]);
                }
                embedding = sb.append(']').toString();
            }
            items.add("{\"object\":\"embedding\",\"index\":" + index++ + ",\"embedding\":" + embedding + "}");
        }
        Collections.reverse(items);
        send(ex, 200, "{\"object\":\"list\",\"data\":[" + String.join(",", items) + "],\"model\":\""
                + body.get("model").asString() + "\",\"usage\":{\"prompt_tokens\":" + tokens + ",\"total_tokens\":" + tokens + "}}");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    static float[] vectorOf(String text, int dim) {
        Random r = new Random(text.hashCode() * 31L + dim);
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
