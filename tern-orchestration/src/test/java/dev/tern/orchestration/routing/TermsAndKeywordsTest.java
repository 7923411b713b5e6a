package dev.tern.orchestration.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.orchestration.agents.AgentDefinition;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TermsAndKeywordsTest {

    static AgentDefinition agent(String name, int priority, String... keywords) {
        return new AgentDefinition(name, name + " agent", null, null, List.of(keywords), priority, null, null, null, null, "",
                Path.of(name + ".md"), AgentDefinition.Source.WORKSPACE);
    }

    @Test
    void termsAreStemmedWordsAndPairsWithoutStopWords() {
        assertThat(Terms.words("The Migrations are running; please fix the flaky tests!"))
                .containsExactly("migration", "run", "fix", "flaky", "test");
        assertThat(Terms.of("open a pull request")).contains("open", "pull", "request", "pull request");
        assertThat(Terms.term("Release Notes")).isEqualTo("release note");
        assertThat(Terms.words("C++ and C# libraries")).containsExactly("c++", "c#", "library");
    }

    @Test
    void keywordIndexScoresBySetIntersectionAndBreaksTiesByCatalogOrder() {
        KeywordIndex idx = new KeywordIndex(List.of(agent("database-expert", 1, "sql", "migration", "index"),
                agent("security-auditor", 2, "injection", "xss", "sql injection"),
                agent("test-engineer", 3, "test", "flaky")));
        KeywordIndex.Result r = idx.rank(Terms.of("check the login for SQL injection and XSS"), 5);
        assertThat(r.ranked()).extracting(Route.Ranked::agent).containsExactly("security-auditor", "database-expert");
        assertThat(r.top()).isEqualTo(1 + 1 + 1.5); // injection, xss, "sql injection"
        assertThat(r.decisive()).isTrue();

        KeywordIndex.Result tie = idx.rank(Terms.of("sql tests"), 5);
        assertThat(tie.ranked()).extracting(Route.Ranked::agent).containsExactly("database-expert", "test-engineer");
        assertThat(tie.decisive()).isFalse();

        KeywordIndex.Result name = idx.rank(Terms.of("ask the database expert"), 5);
        assertThat(name.top()).isEqualTo(1.0); // two name words at half weight
        assertThat(idx.rank(Terms.of("nothing relevant here"), 5).matched()).isFalse();
    }

    @Test
    void onlyTheBestKAreKeptInOrder() {
        List<AgentDefinition> many = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) many.add(agent("a" + i, i, "common", "k" + i));
        KeywordIndex idx = new KeywordIndex(many);
        KeywordIndex.Result r = idx.rank(Terms.of("common k42 k7"), 3);
        assertThat(r.ranked()).extracting(Route.Ranked::agent).containsExactly("a7", "a42", "a0");
        assertThat(r.ranked()).extracting(Route.Ranked::score).containsExactly(2.0, 2.0, 1.0);
    }
}
