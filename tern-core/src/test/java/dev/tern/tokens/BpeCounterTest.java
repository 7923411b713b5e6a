package dev.tern.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Tern's BPE counts against jtokkit's, the library whose vocabularies it reads, on text of every kind. */
class BpeCounterTest {

    static final Path SOURCES = Path.of("src/main/java/dev/tern");

    @ParameterizedTest
    @EnumSource(BpeVocabulary.class)
    void countsWhatJtokkitCountsOnEveryKindOfText(BpeVocabulary vocabulary) throws IOException {
        TiktokenCounter ours = SharedTokenizers.EXACT.encoding(vocabulary);
        Encoding theirs = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.valueOf(vocabulary.name()));
        List<String> corpus = corpus();
        int mismatches = 0;
        List<String> firstMismatches = new ArrayList<>();
        long total = 0;
        for (String text : corpus) {
            int a = ours.count(text);
            if (vocabulary == BpeVocabulary.CL100K_BASE && !wellFormed(text)) {
                // jtokkit's hand-written cl100k splitter asserts well-formed UTF-16; ours counts a lone surrogate as '?'
                assertThat(a).isEqualTo(theirs.countTokensOrdinary(text.replaceAll("\\p{Cs}", "?")));
                continue;
            }
            int b = theirs.countTokensOrdinary(text);
            total += b;
            if (a != b && mismatches++ < 5) firstMismatches.add(b + " expected, " + a + " counted: " + abbreviate(text));
        }
        assertThat(firstMismatches).as("texts counted differently (of %d, %d tokens)", corpus.size(), total).isEmpty();
        assertThat(total).isGreaterThan(100_000);
    }

    @Test
    void threadsCountingAtOnceGetTheCountsOfOne() throws Exception {
        TiktokenCounter counter = SharedTokenizers.EXACT.encoding(BpeVocabulary.O200K_BASE);
        List<String> corpus = corpus();
        long alone = corpus.stream().mapToLong(counter::count).sum();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Long>> sums = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int shift = t;
                sums.add(pool.submit(() -> {
                    long n = 0;
                    for (int i = 0; i < corpus.size(); i++) n += counter.count(corpus.get((i + shift * 37) % corpus.size()));
                    return n;
                }));
            }
            for (var f : sums) assertThat(f.get()).isEqualTo(alone);
        }
    }

    @Test
    void loadsEveryTokenOfTheVocabulary() {
        assertThat(BpeRanks.load(BpeVocabulary.O200K_BASE).size()).isEqualTo(199_998);
        assertThat(BpeRanks.load(BpeVocabulary.CL100K_BASE).size()).isEqualTo(100_256);
    }

    @Test
    void aMalformedRanksFileIsAClearErrorNamingTheLine() {
        String good = Base64.getEncoder().encodeToString("a".getBytes(StandardCharsets.UTF_8)) + " 0\n";
        assertThatThrownBy(() -> BpeRanks.parse("test", (good + "YQ== x1\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessage("test: line 2 of its ranks is not '<base64 bytes> <rank>'");
        assertThatThrownBy(() -> BpeRanks.parse("test", (good + "Y!== 1\n").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> BpeRanks.parse("test", (good + "YQ==\n").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 2");
        BpeRanks one = BpeRanks.parse("test", good.getBytes(StandardCharsets.UTF_8));
        assertThat(one.rank(new byte[] {'a'}, 0, 1)).isZero();
        assertThat(one.rank(new byte[] {'b'}, 0, 1)).isEqualTo(BpeRanks.NONE);
    }

    @Test
    void encodesUtf8AsStringGetBytesDoes() {
        String s = "aé€😀\uD800x\uDC00";   // unpaired surrogates become '?', as in String.getBytes
        byte[] out = new byte[s.length() * 3];
        int n = TiktokenCounter.utf8(s, 0, s.length(), out);
        assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Prose, code, JSON and data of this repository's sources, scripts and symbols, long runs and random text. */
    static List<String> corpus() throws IOException {
        List<String> texts = new ArrayList<>(List.of(
                "hello world", "tiktoken is great!", "HELLO WORLD'S END", "I'LL DO IT, they'VE said; it's Bob's",
                "   leading and trailing   ", "\n\n\nlines\r\n\r\nwindows\r\n", "tabs\tand\u00a0no-break\u2003spaces",
                "1234567890 3.14159 -42 1e10 0x1F 1,000,000", "Изучение языков программирования — это увлекательно.",
                "日本語のテキストも数えます。中文也可以。한국어도 됩니다.", "مرحبا بالعالم", "नमस्ते दुनिया", "Ελληνικά κείμενα",
                "emoji 😀👍🏽👨‍👩‍👧 flags 🇫🇷🇯🇵", "combining e\u0301 a\u0308 ñ", "math ∑∫√∞ ≤ ≥ ≠ ±",
                "<|endoftext|> <|fim_prefix|> special tokens are text", "\uD800 lone \uDFFF surrogates",
                "{\"role\":\"user\",\"content\":\"hi\",\"n\":[1,2,3],\"nested\":{\"a\":null}}",
                "https://example.com/path/to/page?query=1&other=two#frag", "a".repeat(5000), "ab".repeat(3000),
                " ".repeat(1000) + "x", "\n".repeat(300), "😀".repeat(500), "Ж".repeat(2000), "1".repeat(999)));
        Random random = new Random(42);
        byte[] bytes = new byte[30_000];
        random.nextBytes(bytes);
        texts.add(Base64.getEncoder().encodeToString(bytes));
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x370, 0x3ff}, {0x400, 0x4ff}, {0x590, 0x6ff}, {0x900, 0x97f},
                {0x3040, 0x30ff}, {0x4e00, 0x9fff}, {0xac00, 0xd7a3}, {0x1f300, 0x1faff}, {0x2000, 0x206f}};
        for (int t = 0; t < 300; t++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(200);
            for (int i = 0; i < len; i++) {
                int[] r = ranges[random.nextInt(ranges.length)];
                if (random.nextInt(6) == 0) sb.append(" \n\t'".charAt(random.nextInt(4)));
                else sb.appendCodePoint(r[0] + random.nextInt(r[1] - r[0] + 1));
            }
            texts.add(sb.toString());
        }
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).sorted().limit(150).forEach(p -> {
                try {
                    texts.add(Files.readString(p));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return texts;
    }

    private static boolean wellFormed(String s) {
        return java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "… (" + s.length() + " chars)";
    }
}
