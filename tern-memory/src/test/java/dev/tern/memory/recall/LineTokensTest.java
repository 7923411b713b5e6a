package dev.tern.memory.recall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.testutil.TestMemory;
import dev.tern.tokens.TokenCounter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The memo of counts and cuts that memory blocks are bounded with: same blocks as without it, each text encoded once. */
class LineTokensTest {

    /** The real o200k counter, with the characters it was asked to encode counted. */
    private static final class Encodes implements TokenCounter {
        final AtomicInteger chars = new AtomicInteger();

        @Override
        public int count(String text) {
            chars.addAndGet(text.length());
            return TestMemory.tokens().count(text);
        }
    }

    private static String longLine(int words) {
        StringBuilder b = new StringBuilder("- Conversation, 2026-12-04:");
        for (int i = 0; i < words; i++) b.append(" word").append(i % 97).append(i % 7 == 0 ? "," : "");
        return b.toString();
    }

    private static String block(TokenCounter tokens, String... lines) {
        BoundedBlock b = new BoundedBlock("[What you remember]", 300, tokens);
        for (String l : lines) b.add(l, 120);
        return b.toString();
    }

    @Test
    void aBlockBuiltAgainEncodesNothingAndEqualsTheUnremembered() {
        String[] lines = {"- The user lives in Lisbon (fact #1, 2026-12-01)", longLine(3000), longLine(400), "- short (knowledge graph)"};
        String plain = block(TestMemory.tokens(), lines);
        Encodes encodes = new Encodes();
        LineTokens memo = LineTokens.of(encodes);

        String first = block(memo, lines);
        int afterFirst = encodes.chars.get();
        String second = block(memo, lines);

        assertThat(first).isEqualTo(plain).contains("…");
        assertThat(second).isEqualTo(plain);
        assertThat(afterFirst).isGreaterThan(0);
        assertThat(encodes.chars.get()).as("characters encoded by the second build").isEqualTo(afterFirst);
    }

    @Test
    void aCutThatFitsNothingIsRememberedAsNothing() {
        Encodes encodes = new Encodes();
        LineTokens memo = LineTokens.of(encodes);
        String word = "x".repeat(5000); // one word: no word boundary to cut at
        BoundedBlock a = new BoundedBlock("", 40, memo);
        assertThat(a.add(word, 30)).isFalse();
        int afterFirst = encodes.chars.get();
        BoundedBlock b = new BoundedBlock("", 40, memo);
        assertThat(b.add(word, 30)).isFalse();
        assertThat(encodes.chars.get()).isEqualTo(afterFirst);
    }

    @Test
    void wrappingTwiceKeepsOneMemoAndCountsMatchTheCounter() {
        LineTokens memo = LineTokens.of(TestMemory.tokens());
        assertThat(LineTokens.of(memo)).isSameAs(memo);
        String text = longLine(200);
        assertThat(memo.count(text)).isEqualTo(TestMemory.tokens().count(text));
        assertThat(memo.count("")).isZero();
        assertThat(memo.count((String) null)).isZero();
    }
}
