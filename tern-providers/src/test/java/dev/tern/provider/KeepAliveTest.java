package dev.tern.provider;

import com.sun.net.httpserver.HttpServer;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.StreamListener;
import dev.tern.http.HttpTransport;
import dev.tern.http.TransportOptions;
import dev.tern.http.Transports;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** One shared transport, pooled HTTP/1.1 connections: sequential calls reuse one TCP connection. */
class KeepAliveTest {

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JDK})
    void sequentialCallsReuseOneConnectionForStreamsAndWholeAnswers(String name) throws Exception {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            boolean stream = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).contains("\"stream\":true");
            byte[] body = (stream
                    ? "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"
                      + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
                    : "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("content-type", stream ? "text/event-stream" : "application/json");
            ex.sendResponseHeaders(200, stream ? 0 : body.length); // 0 = chunked
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
                out.flush();
                if (stream) sleep(100); // the stream's end arrives a little after [DONE]
            }
        });
        server.start();
        try (HttpTransport transport = Transports.create(name, TransportOptions.DEFAULT)) {
            OpenAiProvider p = new OpenAiProvider(transport, ProviderConfig.of("openai",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", ""));
            ChatRequest req = ChatRequest.builder("m").messages(List.of(Message.user("x"))).build();
            for (int i = 0; i < 5; i++) {
                assertThat(p.stream(req, StreamListener.NONE).message().text()).isEqualTo("hi");
                assertThat(p.chat(req).message().text()).isEqualTo("hi");
            }
            assertThat(clientPorts).hasSize(1);
        } finally {
            server.stop(0);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
