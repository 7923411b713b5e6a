package dev.tern.embed.onnx;

import java.time.Duration;

/** Child-process body of {@link QuietOutputTest}: load, embed, release, reload; print only the dimension. */
public final class QuietEmbedMain {

    private QuietEmbedMain() {
    }

    public static void main(String[] args) throws Exception {
        for (MiniLmModel model : MiniLmModel.values()) {
            try (OnnxEmbedder e = new OnnxEmbedder(OnnxEmbedderOptions.defaults(model).withIdleTimeout(Duration.ofMillis(50)))) {
                e.embedAll(java.util.List.of("hello", "a much longer text that is embedded in the same batch"));
                // waits for the idle release, then reloads
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !e.isLoaded());
                System.out.println(e.embed("hello again").length);
            }
        }
    }
}
