package dev.tern.embed.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a Hugging Face {@code tokenizer.json} that a BERT WordPiece tokenizer needs: the
 * vocabulary, the special tokens and the normaliser flags. Read with a streaming parser (the file
 * holds ~30 000 vocabulary entries; no tree is built).
 */
public record WordPieceVocabulary(
        Map<String, Integer> vocab,
        String unkToken,
        String continuingSubwordPrefix,
        int maxInputCharsPerWord,
        boolean lowercase,
        boolean stripAccents,
        boolean cleanText,
        boolean handleChineseChars) {

    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String PAD = "[PAD]";

    public WordPieceVocabulary {
        vocab = Map.copyOf(vocab);
        for (String special : new String[] {unkToken, CLS, SEP, PAD}) {
            if (!vocab.containsKey(special)) {
                throw new IllegalArgumentException("tokenizer vocabulary has no " + special + " token");
            }
        }
    }

    public int id(String token) {
        Integer id = vocab.get(token);
        return id == null ? -1 : id;
    }

    public int unkId() {
        return vocab.get(unkToken);
    }

    public int clsId() {
        return vocab.get(CLS);
    }

    public int sepId() {
        return vocab.get(SEP);
    }

    public int padId() {
        return vocab.get(PAD);
    }

    /** Reads a {@code tokenizer.json} whose model is WordPiece and whose normaliser is BertNormalizer. */
    public static WordPieceVocabulary read(InputStream tokenizerJson) throws IOException {
        Map<String, Integer> vocab = new HashMap<>(40_000);
        String unk = "[UNK]";
        String prefix = "##";
        int maxChars = 100;
        boolean lowercase = true;
        Boolean stripAccents = null;
        boolean cleanText = true;
        boolean chinese = true;
        String modelType = null;
        try (JsonParser p = JsonMapper.shared().createParser(tokenizerJson)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("model") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        switch (f) {
                            case "type" -> modelType = p.getString();
                            case "unk_token" -> unk = p.getString();
                            case "continuing_subword_prefix" -> prefix = p.getString();
                            case "max_input_chars_per_word" -> maxChars = p.getIntValue();
                            case "vocab" -> {
                                expect(v, JsonToken.START_OBJECT);
                                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                                    String token = p.currentName();
                                    p.nextToken();
                                    vocab.put(token, p.getIntValue());
                                }
                            }
                            default -> p.skipChildren();
                        }
                    }
                } else if (field.equals("normalizer") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        switch (f) {
                            case "lowercase" -> lowercase = v == JsonToken.VALUE_TRUE;
                            case "strip_accents" -> stripAccents = v == JsonToken.VALUE_NULL ? null : v == JsonToken.VALUE_TRUE;
                            case "clean_text" -> cleanText = v == JsonToken.VALUE_TRUE;
                            case "handle_chinese_chars" -> chinese = v == JsonToken.VALUE_TRUE;
                            default -> p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new IOException("tokenizer.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (modelType != null && !modelType.equals("WordPiece")) {
            throw new IOException("tokenizer.json model is " + modelType + ", not WordPiece");
        }
        if (vocab.isEmpty()) {
            throw new IOException("tokenizer.json has no model.vocab");
        }
        // Hugging Face: strip_accents null means "follow lowercase"
        boolean strip = stripAccents == null ? lowercase : stripAccents;
        return new WordPieceVocabulary(vocab, unk, prefix, maxChars, lowercase, strip, cleanText, chinese);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("tokenizer.json: expected " + expected + " but found " + actual);
        }
    }
}
