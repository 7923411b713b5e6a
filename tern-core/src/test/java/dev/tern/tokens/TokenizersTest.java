package dev.tern.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizersTest {

    final Tokenizers tokenizers = new Tokenizers();   // fresh estimator per test
    final Tokenizers exact = SharedTokenizers.EXACT;   // encodings loaded once per JVM

    @Test
    void picksTheEncodingOfEachOpenAiFamily() {
        List<String> models = List.of("gpt-4o-2024-08-06", "openai/gpt-4.1-mini", "gpt-5-nano", "o3-mini", "o4-mini",
                "gpt-4-0613", "gpt-3.5-turbo", "claude-sonnet-4-20250514", "llama3.1:8b");
        assertThat(models.stream().map(m -> String.valueOf(Tokenizers.encodingFor(m))).toList()).containsExactly(
                "O200K_BASE", "O200K_BASE", "O200K_BASE", "O200K_BASE", "O200K_BASE", "CL100K_BASE", "CL100K_BASE", "null", "null");
        assertThat(exact.forModel("gpt-4o")).isInstanceOf(TiktokenCounter.class);
        assertThat(tokenizers.forModel("claude-haiku-4-5")).isNotInstanceOf(TiktokenCounter.class);
    }

    @Test
    void exactCountsMatchTiktoken() {
        // reference values from OpenAI's tiktoken
        TokenCounter cl100k = exact.encoding(BpeVocabulary.CL100K_BASE);
        assertThat(cl100k.count("tiktoken is great!")).isEqualTo(6);
        assertThat(cl100k.count("hello world")).isEqualTo(2);
        TokenCounter o200k = exact.forModel("gpt-4o");
        assertThat(o200k.count("hello world")).isEqualTo(2);
        assertThat(o200k.count("")).isZero();
        assertThat(o200k.count((String) null)).isZero();
        // special tokens in user text are ordinary text, never an exception
        assertThat(o200k.count("<|endoftext|>")).isGreaterThan(1);
        // the two encodings really differ on non-English text
        String text = "Изучение языков программирования — это увлекательно. 日本語のテキストも数えます。";
        assertThat(o200k.count(text)).isLessThan(cl100k.count(text));
    }

    @Test
    void eachEncodingLoadsOncePerInstance() {
        assertThat(exact.encoding(BpeVocabulary.O200K_BASE)).isSameAs(exact.forModel("gpt-4.1"));
    }

    @Test
    void requestCountsIncludeMessageAndToolFraming() {
        TokenCounter c = exact.forModel("gpt-4o");
        ToolSpec tool = new ToolSpec("read_file", "Read a file", "{\"type\":\"object\"}");
        List<Message> msgs = List.of(Message.system("You are terse."), Message.user("hello world"),
                new AssistantMessage("", List.of(new ToolCall("c1", "read_file", "{\"path\":\"a\"}"))),
                new ToolResultMessage("c1", "read_file", "contents", false));
        ChatRequest r = ChatRequest.builder("gpt-4o").messages(msgs).tools(List.of(tool)).build();
        long expected = TokenCounter.REPLY_OVERHEAD
                + 4 + c.count("You are terse.")
                + 4 + c.count("hello world")
                + 4 + TokenCounter.TOOL_CALL_OVERHEAD + c.count("read_file") + c.count("{\"path\":\"a\"}")
                + 4 + c.count("contents") + c.count("c1")
                + TokenCounter.TOOL_OVERHEAD + c.count("read_file") + c.count("Read a file") + c.count("{\"type\":\"object\"}");
        assertThat(c.count(r)).isEqualTo(expected);
    }

    @Test
    void estimatesConvergeToWhatTheProviderBills() {
        // the "real" tokenizer of this fake model averages 2.5 chars per token; the guess starts at 3.5
        String model = "claude-sonnet-4-5";
        TokenCounter estimate = tokenizers.forModel(model);
        double firstError = 0;
        double lastError = 0;
        for (int i = 0; i < 12; i++) {
            String text = ("Call " + i + ": ").repeat(50 + i * 7) + "end";
            ChatRequest r = ChatRequest.builder(model).messages(List.of(Message.user(text))).build();
            long framing = TokenCounter.REPLY_OVERHEAD + TokenCounter.MESSAGE_OVERHEAD;
            long actual = framing + Math.round(text.length() / 2.5);
            double error = Math.abs(estimate.count(r) - actual) / (double) actual;
            if (i == 0) firstError = error;
            lastError = error;
            tokenizers.observe(r, new Usage(actual - 100, 10, 100, 0)); // cache reads count as input too
        }
        assertThat(firstError).isGreaterThan(0.25);
        assertThat(lastError).isLessThan(0.02);
        assertThat(tokenizers.estimator().charsPerToken(model)).isCloseTo(2.5, within(0.05));
        assertThat(tokenizers.estimator().observations(model)).isEqualTo(12);
        // other models keep their own ratio
        assertThat(tokenizers.estimator().charsPerToken("claude-haiku-4-5")).isEqualTo(CalibratedEstimator.DEFAULT_CHARS_PER_TOKEN);
    }

    @Test
    void implausibleUsageDoesNotPoisonTheEstimate() {
        CalibratedEstimator e = new CalibratedEstimator();
        ChatRequest r = ChatRequest.builder("local").messages(List.of(Message.user("x".repeat(4000)))).build();
        e.observe(r, 1);          // 4000 chars per token: impossible
        e.observe(r, 100_000);    // 0.04 chars per token: impossible
        e.observe(r, 0);
        assertThat(e.observations("local")).isZero();
        assertThat(e.charsPerToken("local")).isEqualTo(CalibratedEstimator.DEFAULT_CHARS_PER_TOKEN);
        // exact models are never calibrated
        tokenizers.observe(ChatRequest.builder("gpt-4o").messages(List.of(Message.user("hi"))).build(), new Usage(50, 1));
        assertThat(tokenizers.estimator().observations("gpt-4o")).isZero();
    }
}
