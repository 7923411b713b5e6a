package dev.tern.orchestration.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.orchestration.files.DefinitionException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentParserTest {

    static final Path FILE = Path.of("/ws/.claude/agents/code-reviewer.md");

    @Test
    void aClaudeCodeSubAgentFileIsReadUnchanged() {
        AgentDefinition d = AgentParser.parse(FILE, """
                ---
                name: code-reviewer
                description: Expert code review specialist. Use proactively after writing code: checks quality and security.
                tools: Read, Grep, Glob, Bash
                model: sonnet
                color: red
                ---
                You are a senior code reviewer.

                When invoked, run git diff.
                """, AgentDefinition.Source.CLAUDE);
        assertThat(d.name()).isEqualTo("code-reviewer");
        assertThat(d.description()).startsWith("Expert code review specialist. Use proactively after writing code:");
        assertThat(d.tools()).containsExactly("Read", "Grep", "Glob", "Bash");
        assertThat(d.model()).isEqualTo("sonnet");
        assertThat(d.systemPrompt()).isEqualTo("You are a senior code reviewer.\n\nWhen invoked, run git diff.");
        assertThat(d.priority()).isEqualTo(AgentDefinition.DEFAULT_PRIORITY);
        assertThat(d.source()).isEqualTo(AgentDefinition.Source.CLAUDE);
        assertThat(d.metadata()).isEmpty();
    }

    @Test
    void ternKeysAreReadAndCacheAndBatchBecomeMetadata() {
        AgentDefinition d = AgentParser.parse(Path.of("agents/db.md"), """
                ---
                description: Tunes SQL
                tools: [read_file, mcp_db_*]
                keywords: [sql, "pull request"]
                priority: 5
                maxOutputTokens: 800
                temperature: 0.2
                cache: true
                batch: false
                ---
                Body
                """, AgentDefinition.Source.WORKSPACE);
        assertThat(d.name()).as("defaults to the file name").isEqualTo("db");
        assertThat(d.tools()).containsExactly("read_file", "mcp_db_*");
        assertThat(d.keywords()).containsExactly("sql", "pull request");
        assertThat(d.priority()).isEqualTo(5);
        assertThat(d.maxOutputTokens()).isEqualTo(800);
        assertThat(d.temperature()).isEqualTo(0.2);
        assertThat(d.metadata()).isEqualTo(Map.of("cache", "true", "batch", "false"));
        assertThat(d.model()).isNull();
    }

    @Test
    void errorsNameTheLineOfTheKey() {
        assertThatThrownBy(() -> AgentParser.parse(FILE, "---\nname: x\ndescription: d\npriority: high\n---\nb", AgentDefinition.Source.WORKSPACE))
                .isInstanceOfSatisfying(DefinitionException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.getMessage()).isEqualTo("'priority' must be a whole number, got \"high\"");
                });
        assertThatThrownBy(() -> AgentParser.parse(FILE, "---\nname: x\n---\nb", AgentDefinition.Source.WORKSPACE))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("'description' is required");
        assertThatThrownBy(() -> AgentParser.parse(FILE, "just text", AgentDefinition.Source.WORKSPACE))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.line()).isEqualTo(1))
                .hasMessageContaining("no front matter");
        assertThatThrownBy(() -> AgentParser.parse(FILE, "---\nname: x\ndescription: d\nkeywords: [a, b\ntools: x\n---\n",
                AgentDefinition.Source.WORKSPACE))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.line()).isBetween(4, 6))
                .hasMessageStartingWith("invalid YAML front matter");
        assertThatThrownBy(() -> AgentParser.parse(FILE, "---\nname: 'bad name!'\ndescription: d\n---\n", AgentDefinition.Source.WORKSPACE))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.line()).isEqualTo(2));
        assertThatThrownBy(() -> AgentParser.parse(FILE, "---\ndescription: d\ntemperature: 3\n---\n", AgentDefinition.Source.WORKSPACE))
                .hasMessageContaining("'temperature' must be within 0.0..2.0");
    }

    @Test
    void toolsGivenAsAListOrACommaStringAreTheSame() {
        AgentDefinition a = AgentParser.parse(FILE, "---\ndescription: d\ntools: [Read, Grep]\n---\n", AgentDefinition.Source.CLAUDE);
        AgentDefinition b = AgentParser.parse(FILE, "---\ndescription: d\ntools: Read,Grep\n---\n", AgentDefinition.Source.CLAUDE);
        assertThat(a.tools()).isEqualTo(b.tools()).isEqualTo(List.of("Read", "Grep"));
        AgentDefinition none = AgentParser.parse(FILE, "---\ndescription: d\ntools: []\n---\n", AgentDefinition.Source.CLAUDE);
        assertThat(none.tools()).isEmpty();
        AgentDefinition all = AgentParser.parse(FILE, "---\ndescription: d\n---\n", AgentDefinition.Source.CLAUDE);
        assertThat(all.tools()).isNull();
    }
}
