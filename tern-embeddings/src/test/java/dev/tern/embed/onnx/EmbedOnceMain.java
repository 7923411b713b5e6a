package dev.tern.embed.onnx;

/** Child-process body of {@link NativeLibrariesTest}: one text embedded in a fresh JVM; prints the dimension. */
public final class EmbedOnceMain {

    private EmbedOnceMain() {
    }

    public static void main(String[] args) throws Exception {
        try (OnnxEmbedder e = new OnnxEmbedder()) {
            System.out.println(e.embed("hello").length);
        }
    }
}
