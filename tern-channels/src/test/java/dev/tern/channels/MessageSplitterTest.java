package dev.tern.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    @Test
    void shortTextIsOnePartAndBlankIsNone() {
        assertThat(MessageSplitter.split("  hello  ", 50)).containsExactly("hello");
        assertThat(MessageSplitter.split(" \n ", 50)).isEmpty();
    }

    @Test
    void prefersParagraphsThenLinesThenSpaces() {
        String para = "First paragraph here.\n\nSecond paragraph is here too.";
        assertThat(MessageSplitter.split(para, 40)).containsExactly("First paragraph here.", "Second paragraph is here too.");
        String lines = "line one is long\nline two is long\nline three";
        assertThat(MessageSplitter.split(lines, 35)).containsExactly("line one is long\nline two is long", "line three");
        assertThat(MessageSplitter.split("alpha beta gamma delta epsilon", 20)).containsExactly("alpha beta gamma", "delta epsilon");
    }

    @Test
    void aWordLongerThanTheLimitIsCutHardButNeverInsideASurrogatePair() {
        String s = "x".repeat(19) + "😀" + "y".repeat(10);  // the emoji's high surrogate sits at index 19
        List<String> parts = MessageSplitter.split(s, 20);
        assertThat(parts.get(0)).isEqualTo("x".repeat(19));
        assertThat(parts.get(1)).startsWith("😀");
        assertThat(String.join("", parts)).isEqualTo(s);
    }

    @Test
    void aCodeFenceCutInTwoIsClosedAndReopenedWithItsLanguage() {
        StringBuilder code = new StringBuilder("Here:\n```python\n");
        for (int i = 0; i < 12; i++) code.append("print('line ").append(i).append("')\n");
        code.append("```\nDone.");
        List<String> parts = MessageSplitter.split(code.toString(), 120);
        assertThat(parts.size()).isGreaterThan(1);
        for (String p : parts) {
            assertThat(p.length()).isLessThanOrEqualTo(120);
            assertThat(p.split("```", -1).length % 2).as("balanced fences in: %s", p).isEqualTo(1);
        }
        assertThat(parts.get(1)).startsWith("```python\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 50, 200, 4096})
    void partsStayUnderTheLimitAndKeepEveryWord(int limit) {
        Random r = new Random(limit);
        StringBuilder b = new StringBuilder();
        String[] words = {"a", "tern", "flies", "over", "the", "sea,", "catching", "fish.", "\n", "\n\n", "extraordinarily"};
        for (int i = 0; i < 5000; i++) b.append(words[r.nextInt(words.length)]).append(r.nextInt(7) == 0 ? "" : " ");
        String text = b.toString();
        List<String> parts = MessageSplitter.split(text, limit);
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isBetween(1, limit));
        assertThat(String.join("", parts).replaceAll("\\s+", "")).isEqualTo(text.replaceAll("\\s+", ""));
    }

    @Test
    void refusesSillyLimits() {
        assertThatThrownBy(() -> MessageSplitter.split("x", 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
