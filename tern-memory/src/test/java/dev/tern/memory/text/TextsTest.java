package dev.tern.memory.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void namesMergeByKeyAndTextsHashAlike() {
        assertThat(Texts.nameKey("The Acme Corp.")).isEqualTo(Texts.nameKey("acme  corp")).isEqualTo("acme corp");
        assertThat(Texts.normalize("Tomás Ferreira's")).isEqualTo("tomas ferreira s");
        assertThat(Texts.contentHash("The user likes TEA!")).isEqualTo(Texts.contentHash("the user likes tea")).hasSize(16);
        assertThat(Texts.keywords("What is the best way for me to get to Madrid?")).containsExactly("best", "madrid");
        assertThat(Texts.forEmbedding("The user's daughter Ines is 7. The user is vegetarian. The user lives in Porto."))
                .isEqualTo("my daughter Ines is 7. I am vegetarian. I lives in Porto.");
    }

    @Test
    void theStemmerMakesWordFormsMeet() {
        for (String[] same : new String[][] {{"peanuts", "peanut"}, {"planned", "plans", "planning", "plan"}, {"moved", "move", "moves"},
                {"cities", "city"}, {"matches", "match"}, {"running", "run"}}) {
            for (String w : same) assertThat(Stemmer.stem(w)).as(w).isEqualTo(Stemmer.stem(same[0]));
        }
        assertThat(Stemmer.stem("tennis")).isEqualTo("tennis");
        assertThat(Stemmer.stem("bus")).isEqualTo("bus");
    }

    @Test
    void queriesKeepTheRarestWordsWithinTheRowBudget() {
        List<String> terms = FtsQuery.terms("Where does Bea keep the old harbour notes?", "");
        assertThat(terms).containsExactly("bea", "keep", "old", "harbour", "not");
        Map<String, Long> df = Map.of("bea", 3L, "keep", 500L, "old", 300L, "harbour", 40L, "not", 9000L);
        assertThat(FtsQuery.match(terms, t -> df.getOrDefault(t, 0L))).isEqualTo("\"bea\" OR \"harbour\" OR \"old\"");
        assertThat(FtsQuery.match(terms, t -> 0)).isNull();
        assertThat(FtsQuery.match(List.of("not"), t -> 9000)).isNull();
        assertThat(FtsQuery.indexText("Bea's harbour-notes", "ax")).isEqualTo("axbea axs axharbour axnot");
    }
}
