package dev.tern.embed.onnx;

import dev.tern.embed.EmbeddingException;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BERT uncased tokenisation exactly as Hugging Face's {@code tokenizers} does it for
 * all-MiniLM-L6-v2: BertNormalizer (clean text, spaces around CJK ideographs, NFD + accent strip,
 * lowercase), BertPreTokenizer (split on Unicode whitespace, isolate punctuation), greedy
 * longest-match-first WordPiece, then {@code [CLS] ... [SEP]} with right truncation to
 * {@code maxTokens} (specials included).
 *
 * <p>The text is processed in segments and tokenisation stops as soon as the token budget is full,
 * so a 1 MB text costs no more than its first few thousand characters. Immutable and thread-safe.
 */
public final class BertTokenizer {

    private static final int SEGMENT = 4096;

    private final WordPieceVocabulary vocab;
    private final int maxTokens;
    private final int unkId;
    private final String prefix;

    public BertTokenizer(WordPieceVocabulary vocab, int maxTokens) {
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must leave room for [CLS] and [SEP]: " + maxTokens);
        }
        this.vocab = vocab;
        this.maxTokens = maxTokens;
        this.unkId = vocab.unkId();
        this.prefix = vocab.continuingSubwordPrefix();
    }

    /** The tokenizer shipped with {@code model}'s artifact. */
    public static BertTokenizer forModel(MiniLmModel model, int maxTokens) {
        try (InputStream in = BertTokenizer.class.getClassLoader().getResourceAsStream(model.tokenizerResource())) {
            if (in == null) {
                throw new EmbeddingException("tokenizer of " + model.id() + " is not on the class path: add the Maven artifact "
                        + model.artifact());
            }
            return new BertTokenizer(WordPieceVocabulary.read(in), maxTokens);
        } catch (IOException e) {
            throw new EmbeddingException("cannot read " + model.tokenizerResource() + ": " + e.getMessage(), e);
        }
    }

    public int maxTokens() {
        return maxTokens;
    }

    public WordPieceVocabulary vocabulary() {
        return vocab;
    }

    /** Token ids: {@code [CLS]}, at most {@code maxTokens - 2} word pieces, {@code [SEP]}. */
    public int[] encode(String text) {
        IdSink sink = new IdSink(maxTokens - 2);
        sink.ids[0] = vocab.clsId();
        sink.count = 1;
        run(text, sink);
        sink.ids[sink.count++] = vocab.sepId();
        return sink.count == sink.ids.length ? sink.ids : Arrays.copyOf(sink.ids, sink.count);
    }

    /** The word pieces of {@code text} (no special tokens, truncated like {@link #encode}), for inspection. */
    public List<String> tokenize(String text) {
        int[] ids = encode(text);
        String[] byId = new String[vocab.vocab().size() + 1];
        vocab.vocab().forEach((token, id) -> {
            if (id >= 0 && id < byId.length) {
                byId[id] = token;
            }
        });
        List<String> out = new ArrayList<>(ids.length);
        for (int i = 1; i < ids.length - 1; i++) {
            out.add(byId[ids[i]]);
        }
        return out;
    }

    private void run(String text, IdSink sink) {
        StringBuilder word = new StringBuilder(32);
        StringBuilder seg = new StringBuilder(SEGMENT + 64);
        int start = 0;
        int n = text.length();
        while (start < n && !sink.full()) {
            int end = segmentEnd(text, start);
            seg.setLength(0);
            boolean ascii = clean(text, start, end, seg);
            CharSequence normal = ascii || !vocab.stripAccents() ? seg : Normalizer.normalize(seg, Normalizer.Form.NFD);
            for (int i = 0; i < normal.length() && !sink.full(); ) {
                int cp = Character.codePointAt(normal, i);
                i += Character.charCount(cp);
                if (vocab.stripAccents() && !ascii && Character.getType(cp) == Character.NON_SPACING_MARK) {
                    continue;
                }
                if (vocab.lowercase()) {
                    cp = Character.toLowerCase(cp);
                }
                if (isWhitespace(cp)) {
                    flush(word, sink);
                } else if (isPunctuation(cp)) {
                    flush(word, sink);
                    word.appendCodePoint(cp);
                    flush(word, sink);
                } else {
                    word.appendCodePoint(cp);
                }
            }
            start = end;
        }
        flush(word, sink);
    }

    /** End of the segment starting at {@code start}: never inside a surrogate pair or before a combining mark. */
    private static int segmentEnd(String text, int start) {
        int end = Math.min(text.length(), start + SEGMENT);
        while (end < text.length()
                && (Character.isLowSurrogate(text.charAt(end)) || isMark(Character.codePointAt(text, end)))) {
            end++;
        }
        return end;
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    /** Clean-text and CJK spacing of text[start, end) into out; returns whether the result is pure ASCII. */
    private boolean clean(String text, int start, int end, StringBuilder out) {
        boolean ascii = true;
        for (int i = start; i < end; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (vocab.cleanText()) {
                if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                    continue;
                }
                if (isWhitespace(cp)) {
                    cp = ' ';
                }
            }
            if (cp >= 0x80) {
                ascii = false;
            }
            if (vocab.handleChineseChars() && isChinese(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return ascii;
    }

    private void flush(StringBuilder word, IdSink sink) {
        if (word.isEmpty()) {
            return;
        }
        if (!sink.full()) {
            wordPiece(word.toString(), sink);
        }
        word.setLength(0);
    }

    /** Greedy longest-match-first; a word with an unmatchable rest, or over the length limit, is [UNK]. */
    private void wordPiece(String word, IdSink sink) {
        int chars = word.codePointCount(0, word.length());
        if (chars > vocab.maxInputCharsPerWord()) {
            sink.add(unkId);
            return;
        }
        Integer whole = vocab.vocab().get(word);
        if (whole != null) {
            sink.add(whole);
            return;
        }
        int mark = sink.count;
        int start = 0;
        int len = word.length();
        while (start < len) {
            int end = len;
            int found = -1;
            while (start < end) {
                String piece = start > 0 ? prefix + word.substring(start, end) : word.substring(start, end);
                Integer id = vocab.vocab().get(piece);
                if (id != null) {
                    found = id;
                    break;
                }
                end = Character.offsetByCodePoints(word, end, -1);
            }
            if (found < 0) {
                sink.count = mark; // the whole word becomes [UNK]
                sink.add(unkId);
                return;
            }
            sink.add(found);
            start = end;
        }
    }

    /** Unicode White_Space, as Rust's {@code char::is_whitespace}. */
    static boolean isWhitespace(int cp) {
        return switch (cp) {
            case ' ', '\t', '\n', '\r', 0x0B, 0x0C, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** Other (Cc, Cf, Cn, Co, Cs) except tab, newline and carriage return. */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE;
    }

    /** ASCII punctuation (includes symbols such as $ + < = > ^ ` | ~) or a Unicode P* character. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        if (cp < 0x80) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK ranges Hugging Face's BertNormalizer pads with spaces. */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B920 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** Collects ids up to a budget; ids[0] and the final slot are reserved for [CLS] and [SEP]. */
    private static final class IdSink {
        final int[] ids;
        final int limit;
        int count;

        IdSink(int budget) {
            ids = new int[budget + 2];
            limit = budget + 1;
        }

        boolean full() {
            return count >= limit;
        }

        void add(int id) {
            if (count < limit) {
                ids[count++] = id;
            }
        }
    }
}
