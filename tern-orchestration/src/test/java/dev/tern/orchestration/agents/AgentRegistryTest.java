package dev.tern.orchestration.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.orchestration.files.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRegistryTest {

    @TempDir Path ws;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(ws.resolve("agents"));
        Files.createDirectories(ws.resolve(".claude/agents"));
        write("agents/b.md", "---\nname: beta\ndescription: second\npriority: 5\n---\nB");
        write("agents/a.md", "---\nname: alpha\ndescription: first\npriority: 5\n---\nA");
        write("agents/z.md", "---\nname: zulu\ndescription: urgent\npriority: 1\n---\nZ");
        write(".claude/agents/reviewer.md", "---\nname: reviewer\ndescription: reviews\ntools: Read, Task\n---\nR");
    }

    private void write(String rel, String text) throws Exception {
        Files.writeString(ws.resolve(rel), text);
    }

    @Test
    void listsBothFoldersSortedByPriorityThenNameAndPages() {
        AgentCatalog c = new AgentRegistry(ws).catalog();
        assertThat(c.agents()).extracting(AgentDefinition::name).containsExactly("zulu", "alpha", "beta", "reviewer");
        assertThat(c.page(1, 3)).extracting(AgentDefinition::name).containsExactly("zulu", "alpha", "beta");
        assertThat(c.page(2, 3)).extracting(AgentDefinition::name).containsExactly("reviewer");
        assertThat(c.page(3, 3)).isEmpty();
        assertThat(c.pages(3)).isEqualTo(2);
        assertThat(c.find("reviewer").orElseThrow().source()).isEqualTo(AgentDefinition.Source.CLAUDE);
        assertThat(c.problems()).singleElement().satisfies(p -> {
            assertThat(p.fatal()).isFalse();
            assertThat(p.message()).contains("Task");
        });
    }

    @Test
    void parsesEachFileOnceAndAgainOnlyWhenItChanges() throws Exception {
        AgentRegistry r = new AgentRegistry(ws);
        AgentCatalog first = r.catalog();
        assertThat(r.parsedFiles()).isEqualTo(4);
        AgentCatalog again = r.catalog();
        assertThat(again).isSameAs(first);
        assertThat(r.parsedFiles()).isEqualTo(4);

        write("agents/a.md", "---\nname: alpha\ndescription: first, now longer\npriority: 5\n---\nA"); // size changes
        AgentCatalog changed = r.catalog();
        assertThat(r.parsedFiles()).isEqualTo(5);
        assertThat(changed.version()).isGreaterThan(first.version());
        assertThat(changed.find("alpha").orElseThrow().description()).isEqualTo("first, now longer");

        write("agents/b.md", "---\nname: beta\ndescription: SECOND\npriority: 5\n---\nB"); // same size
        Files.setLastModifiedTime(ws.resolve("agents/b.md"), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(r.catalog().find("beta").orElseThrow().description()).isEqualTo("SECOND");
        assertThat(r.parsedFiles()).isEqualTo(6);

        Files.delete(ws.resolve("agents/z.md"));
        assertThat(r.catalog().find("zulu")).isEmpty();
        assertThat(r.parsedFiles()).isEqualTo(6);
    }

    @Test
    void aBrokenFileIsReportedWithPathAndLineAndTheOthersLoad() throws Exception {
        write("agents/broken.md", "---\nname: broken\ndescription: [unclosed\n---\nx");
        AgentCatalog c = new AgentRegistry(ws).catalog();
        assertThat(c.agents()).extracting(AgentDefinition::name).containsExactly("zulu", "alpha", "beta", "reviewer");
        Problem p = c.problems().stream().filter(Problem::fatal).findFirst().orElseThrow();
        assertThat(p.file()).isEqualTo(ws.resolve("agents/broken.md"));
        assertThat(p.line()).isBetween(3, 4);
        assertThat(p.toString()).startsWith(ws.resolve("agents/broken.md") + ":" + p.line() + ": invalid YAML front matter");
    }

    @Test
    void aWorkspaceAgentWinsOverAClaudeAgentOfTheSameName() throws Exception {
        write("agents/reviewer.md", "---\nname: reviewer\ndescription: ours\n---\nours");
        AgentCatalog c = new AgentRegistry(ws).catalog();
        assertThat(c.find("reviewer").orElseThrow().description()).isEqualTo("ours");
        assertThat(c.problems()).anySatisfy(p -> assertThat(p.message()).contains("also defined in"));
    }

    @Test
    void aNewProcessReadsTheParsedIndexInsteadOfParsingAgain() throws Exception {
        AgentCatalog first = new AgentRegistry(ws).catalog();
        assertThat(ws.resolve(".tern/cache/agents.json")).exists();
        AgentRegistry next = new AgentRegistry(ws);
        AgentCatalog c = next.catalog();
        assertThat(next.parsedFiles()).isZero();
        assertThat(c.agents()).isEqualTo(first.agents());
        write("agents/a.md", "---\nname: alpha\ndescription: edited meanwhile\npriority: 5\n---\nA");
        AgentRegistry third = new AgentRegistry(ws);
        assertThat(third.catalog().find("alpha").orElseThrow().description()).isEqualTo("edited meanwhile");
        assertThat(third.parsedFiles()).isEqualTo(1);
        Files.writeString(ws.resolve(".tern/cache/agents.json"), "{corrupt");
        AgentRegistry fourth = new AgentRegistry(ws);
        assertThat(fourth.catalog().size()).isEqualTo(4);
        assertThat(fourth.parsedFiles()).isEqualTo(4);
    }
}
