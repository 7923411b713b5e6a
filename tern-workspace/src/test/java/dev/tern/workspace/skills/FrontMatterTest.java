package dev.tern.workspace.skills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontMatterTest {

    @Test
    void parsesNanobotStyleInlineJsonMetadata() {
        FrontMatter fm = FrontMatter.parse("""
            ---
            name: github
            description: "Interact with GitHub using the `gh` CLI: issues, PRs."
            triggers: ["PR", "CI", "合并"]
            metadata: {"nanobot":{"emoji":"🐙","requires":{"bins":["gh"]},"always":false}}
            ---

            # GitHub Skill

            Body text.
            """);
        assertThat(fm.string("name")).isEqualTo("github");
        assertThat(fm.string("description")).isEqualTo("Interact with GitHub using the `gh` CLI: issues, PRs.");
        assertThat(fm.fields().get("triggers")).isEqualTo(List.of("PR", "CI", "合并"));
        assertThat(fm.at("metadata.nanobot.requires.bins")).isEqualTo(List.of("gh"));
        assertThat(fm.at("metadata.nanobot.always")).isEqualTo(false);
        assertThat(fm.body()).isEqualTo("# GitHub Skill\n\nBody text.");
    }

    @Test
    void parsesNestedMapsListsBlockScalarsQuotesAndComments() {
        FrontMatter fm = FrontMatter.parse("""
            ---
            # a comment
            name: 'it''s'
            always: true
            version: 3
            ratio: 0.5
            requires:
              bins: [curl, "jq"]
              env:
                - API_KEY
                - OTHER   # trailing comment
            allowed-tools: Bash(git:*) Read
            description: >
              Folded text
              on two lines.
            notes: |
              line one
              line two
            owners:
              - name: ann
                role: dev
              - name: bob
            url: http://x.y/z#frag
            ---
            body
            """);
        assertThat(fm.string("name")).isEqualTo("it's");
        assertThat(fm.fields().get("always")).isEqualTo(true);
        assertThat(fm.fields().get("version")).isEqualTo(3L);
        assertThat(fm.fields().get("ratio")).isEqualTo(0.5);
        assertThat(fm.at("requires.bins")).isEqualTo(List.of("curl", "jq"));
        assertThat(fm.at("requires.env")).isEqualTo(List.of("API_KEY", "OTHER"));
        assertThat(fm.string("allowed-tools")).isEqualTo("Bash(git:*) Read");
        assertThat(fm.string("description")).isEqualTo("Folded text on two lines.");
        assertThat(fm.string("notes")).isEqualTo("line one\nline two");
        assertThat(fm.fields().get("owners")).isEqualTo(List.of(Map.of("name", "ann", "role", "dev"), Map.of("name", "bob")));
        assertThat(fm.string("url")).isEqualTo("http://x.y/z#frag");
        assertThat(fm.body()).isEqualTo("body");
    }

    @Test
    void textWithoutFrontMatterIsAllBody() {
        assertThat(FrontMatter.parse("# Title\ntext").fields()).isEmpty();
        assertThat(FrontMatter.parse("# Title\ntext").body()).isEqualTo("# Title\ntext");
        assertThat(FrontMatter.parse("---\nunterminated: yes\n").fields()).isEmpty();
        assertThat(FrontMatter.parse("---\r\nname: crlf\r\n---\r\nbody\r\n").string("name")).isEqualTo("crlf");
    }

    @Test
    void claudeCodeDescriptionsWithColonsLoadUnchanged() {
        FrontMatter fm = FrontMatter.parseStrict("""
            ---
            name: code-reviewer
            description: Use this agent after writing code. Examples: <example>Context: the user wrote a function.\\n user: "review it"</example>
            tools: Read, Grep, Glob
            model: sonnet
            ---
            You are a reviewer.
            """);
        assertThat(fm.string("description")).startsWith("Use this agent after writing code. Examples: <example>Context:")
                .contains("user: \"review it\"");
        assertThat(fm.string("tools")).isEqualTo("Read, Grep, Glob");
        assertThat(fm.body()).isEqualTo("You are a reviewer.");
    }

    @Test
    void brokenYamlIsReportedWithItsLineInTheFile() {
        String text = "---\nname: x\nkeywords: [a, b\ndescription: d\n---\nbody\n";
        assertThatThrownBy(() -> FrontMatter.parseStrict(text))
                .isInstanceOfSatisfying(FrontMatter.FrontMatterException.class, e -> {
                    assertThat(e.line()).isBetween(3, 5);
                    assertThat(e.getMessage()).startsWith("invalid YAML front matter").doesNotContain("\n");
                });
        FrontMatter lenient = FrontMatter.parse(text);
        assertThat(lenient.fields()).isEmpty();
        assertThat(lenient.problem()).isNotNull();
        assertThat(lenient.body()).isEqualTo("body");
        assertThatThrownBy(() -> FrontMatter.parseStrict("---\n- a\n- b\n---\n"))
                .isInstanceOf(FrontMatter.FrontMatterException.class).hasMessageContaining("mapping");
    }
}
