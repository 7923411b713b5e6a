package dev.tern.orchestration.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.embed.EmbeddingException;
import dev.tern.embed.onnx.OnnxEmbedder;
import dev.tern.orchestration.agents.AgentRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing with the real local model (all-MiniLM-L6-v2 on ONNX Runtime, from its Maven artifact). */
class RouterTest {

    static OnnxEmbedder model;

    @TempDir Path ws;
    AgentRegistry agents;
    final AtomicInteger modelAsked = new AtomicInteger();

    @BeforeAll
    static void load() { model = new OnnxEmbedder(); }

    @AfterAll
    static void unload() { model.close(); }

    @BeforeEach
    void agents() throws Exception {
        Files.createDirectories(ws.resolve("agents"));
        write("database-expert", "Designs relational database schemas, writes SQL migrations and tunes slow queries.", "[sql, migration, index]");
        write("frontend-developer", "Builds web user interfaces with React and CSS: components, layouts and styling.", "[react, css, component]");
        write("security-auditor", "Reviews code for security vulnerabilities, injection attacks and leaked credentials.", "[security, xss, injection]");
        write("technical-writer", "Writes documentation, tutorials and release notes for users.", "[docs, tutorial, readme]");
        agents = new AgentRegistry(ws);
    }

    void write(String name, String description, String keywords) throws Exception {
        Files.writeString(ws.resolve("agents/" + name + ".md"),
                "---\nname: " + name + "\ndescription: " + description + "\nkeywords: " + keywords + "\n---\nYou are " + name);
    }

    Router router() {
        return Embeddings.router(ws, agents::catalog, () -> {
            modelAsked.incrementAndGet();
            return model;
        });
    }

    @Test
    void decisiveKeywordsRouteWithoutTheModel() {
        Router r = router();
        Route route = r.route("add an index to this SQL migration");
        assertThat(route.agent()).isEqualTo("database-expert");
        assertThat(route.method()).isEqualTo(Route.KEYWORD);
        assertThat(route.confidence()).isBetween(0.6, 1.0);
        assertThat(route.ranked().getFirst().agent()).isEqualTo("database-expert");
        assertThat(modelAsked).as("the model is not even created").hasValue(0);
    }

    @Test
    void aParaphraseWithNoKeywordIsRoutedSemanticallyAndDescriptionsAreCachedOnDisk() throws Exception {
        Router r = router();
        Route route = r.route("Could attackers steal user passwords through our login page?");
        assertThat(route.agent()).isEqualTo("security-auditor");
        assertThat(route.method()).isEqualTo(Route.SEMANTIC);
        assertThat(route.confidence()).isBetween(0.0, 1.0);
        assertThat(route.ranked()).hasSize(4);
        assertThat(route.reason()).startsWith("no keyword matched; closest description: security-auditor");
        assertThat(r.route("Explain to new contributors how to install the project").agent()).isEqualTo("technical-writer");
        try (var files = Files.list(Embeddings.cacheDir(ws))) {
            assertThat(files.count()).as("descriptions on disk").isPositive();
        }
    }

    @Test
    void weakKeywordsAreBlendedWithSimilarity() {
        Route route = router().route("the sql in our login form might allow injection by attackers");
        assertThat(route.method()).isIn(Route.KEYWORD, Route.HYBRID);
        assertThat(route.agent()).isEqualTo("security-auditor");
        Route hybrid = router().route("make the react page load its data without sql errors");
        assertThat(hybrid.method()).isEqualTo(Route.HYBRID);
        assertThat(hybrid.ranked()).extracting(Route.Ranked::agent).contains("frontend-developer", "database-expert");
    }

    @Test
    void withoutAModelRoutingFallsBackToKeywordsAndSaysWhy() {
        Router r = Embeddings.router(ws, agents::catalog, () -> {
            throw new EmbeddingException("model missing");
        });
        Route weak = r.route("sql and react together");
        assertThat(weak.method()).isEqualTo(Route.KEYWORD);
        assertThat(weak.reason()).contains("semantic routing unavailable (model missing)");
        Route none = r.route("completely unrelated words");
        assertThat(none.agent()).isNull();
        assertThat(none.reason()).startsWith("no keyword matched");
    }

    @Test
    void aNewAgentFileIsRoutedToWithoutRestarting() throws Exception {
        Router r = router();
        assertThat(r.route("deploy with kubernetes and helm").agent()).isNotEqualTo("devops");
        write("devops", "Deploys services to Kubernetes clusters with Helm charts.", "[kubernetes, helm, deploy]");
        Route route = r.route("deploy with kubernetes and helm");
        assertThat(route.agent()).isEqualTo("devops");
        assertThat(route.method()).isEqualTo(Route.KEYWORD);
    }
}
