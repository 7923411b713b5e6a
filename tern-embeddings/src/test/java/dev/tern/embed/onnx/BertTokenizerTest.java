package dev.tern.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BertTokenizerTest {

    static final BertTokenizer TOKENIZER = BertTokenizer.forModel(MiniLmModel.ALL_MINILM_L6_V2_Q, 256);
    /** Hugging Face's own Rust tokenizer on the same tokenizer.json: the reference. */
    static HuggingFaceTokenizer reference;

    @BeforeAll
    static void loadReference() throws Exception {
        try (InputStream in = BertTokenizerTest.class.getClassLoader()
                .getResourceAsStream(MiniLmModel.ALL_MINILM_L6_V2_Q.tokenizerResource())) {
            reference = HuggingFaceTokenizer.newInstance(in,
                    Map.of("maxLength", "256", "truncation", "true", "padding", "false", "addSpecialTokens", "true"));
        }
    }

    @AfterAll
    static void closeReference() {
        reference.close();
    }

    @Test
    void lowercasesSplitsPunctuationAndAddsSpecialTokens() {
        assertThat(TOKENIZER.tokenize("Hello, World!")).containsExactly("hello", ",", "world", "!");
        int[] ids = TOKENIZER.encode("Hello, World!");
        assertThat(ids[0]).isEqualTo(101);
        assertThat(ids[ids.length - 1]).isEqualTo(102);
        assertThat(ids).hasSize(6);
    }

    @Test
    void stripsAccentsLikeTheUncasedModel() {
        assertThat(TOKENIZER.tokenize("Café NAÏVE résumé Ångström")).containsExactlyElementsOf(
                TOKENIZER.tokenize("cafe naive resume angstrom"));
    }

    @Test
    void splitsUnknownWordsIntoWordPiecesAndUnmatchableOnesIntoUnk() {
        assertThat(TOKENIZER.tokenize("tokenization")).containsExactly("token", "##ization");
        assertThat(TOKENIZER.tokenize("\uD83E\uDD8A")).containsExactly("[UNK]"); // fox face emoji
        assertThat(TOKENIZER.tokenize("a".repeat(101))).containsExactly("[UNK]"); // over max_input_chars_per_word
    }

    @Test
    void emptyAndBlankTextsAreJustClsAndSep() {
        assertThat(TOKENIZER.encode("")).containsExactly(101, 102);
        assertThat(TOKENIZER.encode(" \t\n\u00A0\u3000 ")).containsExactly(101, 102);
        assertThat(TOKENIZER.encode("\u0000\u200B\uFFFD")).containsExactly(101, 102); // NUL, zero-width space, replacement char
    }

    @Test
    void cjkIdeographsAreSeparateTokens() {
        assertThat(TOKENIZER.tokenize("我爱北京")).hasSize(4);
    }

    @Test
    void longTextIsTruncatedTo256TokensEndingWithSep() {
        String text = "word ".repeat(10_000) + "tail";
        int[] ids = TOKENIZER.encode(text);
        assertThat(ids).hasSize(256);
        assertThat(ids[0]).isEqualTo(101);
        assertThat(ids[255]).isEqualTo(102);
        // only the prefix matters: two texts that share their first 254 word pieces encode identically
        assertThat(TOKENIZER.encode("word ".repeat(300) + "something else entirely")).isEqualTo(ids);
    }

    @Test
    void matchesHuggingFaceTokenizersOnTrickyTexts() {
        List<String> texts = new ArrayList<>(List.of(
                "", " ", "Hello, World!", "The weather is lovely today.", "It's so sunny outside!",
                "don't stop-believing... (really) [ok] {fine} <tag> a/b\\c", "$100 + 20% = #win & @home ~ `code` | ^",
                "Café naïve résumé Ångström Œuvre façade jalapeño über straße", "İstanbul ΣΊΣΥΦΟΣ ΟΔΥΣΣΕΥΣ ὀδυσσεύς",
                "Привет, как дела? Всё хорошо.", "こんにちは世界、東京タワー", "我爱北京天安门。", "한국어 텍스트 처리",
                "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "ฉันรักภาษาไทย",
                "emoji 😀🦊👍🏽 and ❤️ hearts", "zero\u200Bwidth\u200Djoiner\u00ADsoft", "tab\there\nnew\r\nline\u000Bvt\u000Cff",
                "control\u0001chars\u007F\u0085here", "fullwidth ＡＢＣ１２３ ｈｅｌｌｏ", "ligatures ﬁ ﬂ ﬀ",
                "math ∑∫√∞ ≤ ≥ ≠ → ⇒", "quotes “double” ‘single’ «guillemets» „low“", "dashes – — ‒ ―",
                "combining e\u0301 a\u0308 n\u0303 o\u0302", "decomposed vs composed: \u00e9 e\u0301",
                "URL https://example.com/path?q=1&r=two#frag and mail me@example.org",
                "snake_case camelCase PascalCase kebab-case SCREAMING_CASE", "numbers 3.14159 1,000,000 2024-06-01 12:30:45",
                "unaffable antidisestablishmentarianism supercalifragilisticexpialidocious",
                "x".repeat(100), "y".repeat(101), "a" + "\u0301".repeat(150),
                "private use \uE000\uF8FF and surrogate-free 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛"));
        Random r = new Random(42);
        for (int t = 0; t < 200; t++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + r.nextInt(80);
            for (int i = 0; i < len; i++) {
                int kind = r.nextInt(10);
                int cp = switch (kind) {
                    case 0, 1, 2, 3 -> 'a' + r.nextInt(26);
                    case 4 -> 'A' + r.nextInt(26);
                    case 5 -> " ,.!?;:'\"()-_".charAt(r.nextInt(13));
                    case 6 -> 0xC0 + r.nextInt(0x180);
                    case 7 -> 0x0400 + r.nextInt(0x100);
                    case 8 -> 0x4E00 + r.nextInt(0x500);
                    default -> 0x0300 + r.nextInt(0x70);
                };
                sb.appendCodePoint(cp);
            }
            texts.add(sb.toString());
        }
        texts.add("long ".repeat(400) + "end");
        texts.add("Ünïcödé ".repeat(200));
        for (String text : texts) {
            Encoding expected = reference.encode(text);
            int[] want = Arrays.stream(expected.getIds()).mapToInt(Math::toIntExact).toArray();
            assertThat(TOKENIZER.encode(text)).as("ids of %s", text).isEqualTo(want);
        }
    }
}
