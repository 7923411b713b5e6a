package dev.tern.orchestration.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.tokens.Tokenizers;
import dev.tern.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputBudgetTest {

    final TokenCounter tokens = new Tokenizers().forModel("gpt-4o");

    static String words(String w, int n) { return (w + " ").repeat(n).strip(); }

    @Test
    void outputsThatFitAreUntouched() {
        OutputBudget b = new OutputBudget(tokens, null);
        List<Output> in = List.of(new Output("a", "short"), new Output("b", "also short"));
        assertThat(b.fit(in, 100, Step.Passing.TRUNCATE)).isSameAs(in);
        assertThat(b.fit(in, null, Step.Passing.TRUNCATE)).isSameAs(in);
    }

    @Test
    void shortOutputsKeepTheirShareAndLongOnesAreCutTokenExactly() {
        OutputBudget b = new OutputBudget(tokens, null);
        List<Output> out = b.fit(List.of(new Output("short", "tiny answer"), new Output("long1", words("alpha", 2000)),
                new Output("long2", words("beta", 3000))), 600, Step.Passing.TRUNCATE);
        assertThat(out.get(0).text()).isEqualTo("tiny answer");
        int total = 0;
        for (Output o : out) total += tokens.count(o.text());
        assertThat(total).isLessThanOrEqualTo(600).isGreaterThan(550);
        assertThat(out.get(1).text()).startsWith("alpha alpha").contains("[… cut to fit the step's budget");
        assertThat(tokens.count(out.get(1).text())).isLessThanOrEqualTo(300);
        assertThat(tokens.count(out.get(2).text())).isLessThanOrEqualTo(300);
    }

    @Test
    void summarizeAsksTheSummarizerForOutputsOverTheirShareOnly() {
        List<String> asked = new ArrayList<>();
        OutputBudget b = new OutputBudget(tokens, (agent, text, max) -> {
            asked.add(agent + ":" + max);
            return "summary of " + agent;
        });
        List<Output> out = b.fit(List.of(new Output("fits", "small"), new Output("big", words("gamma", 5000))), 400,
                Step.Passing.SUMMARIZE);
        assertThat(out).extracting(Output::text).containsExactly("small", "summary of big");
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst()).startsWith("big:");

        OutputBudget verbose = new OutputBudget(tokens, (agent, text, max) -> words("still too long", 4000));
        Output cut = verbose.fit(List.of(new Output("big", words("gamma", 5000))), 300, Step.Passing.SUMMARIZE).getFirst();
        assertThat(tokens.count(cut.text())).isLessThanOrEqualTo(300);
        assertThat(cut.text()).startsWith("still too long");
    }

    @Test
    void sharesAreWaterFilled() {
        assertThat(OutputBudget.shares(new int[] {10, 500, 1000}, 610)).containsExactly(10, 300, 300);
        assertThat(OutputBudget.shares(new int[] {100, 100}, 1000)).containsExactly(100, 100);
    }
}
