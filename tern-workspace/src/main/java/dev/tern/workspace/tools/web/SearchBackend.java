package dev.tern.workspace.tools.web;

import java.io.IOException;
import java.util.List;

/** One web search service. Implementations are stateless apart from the shared client; thread-safe. */
public interface SearchBackend {

    /** One search hit. */
    record Result(String title, String url, String snippet) {
        public Result {
            title = title == null ? "" : title.strip();
            url = url == null ? "" : url.strip();
            snippet = snippet == null ? "" : snippet.replaceAll("\\s+", " ").strip();
        }
    }

    String name();

    /** False when the backend lacks its key or URL and must be skipped. */
    boolean configured();

    /** Up to {@code count} results; throws on transport errors, HTTP errors and unreadable responses. */
    List<Result> search(String query, int count) throws IOException, InterruptedException;
}
