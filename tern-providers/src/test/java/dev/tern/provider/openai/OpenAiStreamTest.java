package dev.tern.provider.openai;

import dev.tern.model.ModelException;
import dev.tern.model.StreamListener;
import dev.tern.provider.internal.ErrorMapper;
import dev.tern.provider.internal.TrackingListener;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tree-free chunk reader reads what the tree reader did, whatever the field order. */
class OpenAiStreamTest {

    private final List<String> thinking = new ArrayList<>();
    private final OpenAiStream s = new OpenAiStream(new TrackingListener(new StreamListener() {
        @Override public void onThinking(String d) { thinking.add(d); }
    }), new ErrorMapper("openai", ""), "asked");

    private boolean feed(String json) throws Exception {
        byte[] b = (" " + json + " ").getBytes(StandardCharsets.UTF_8);
        return s.accept(b, 0, b.length);
    }

    @Test
    void textToolCallsUsageAndDone() throws Exception {
        feed("{\"id\":\"c1\",\"model\":\"m1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hé\"},\"finish_reason\":null}]}");
        feed("{\"choices\":[{\"delta\":{\"content\":\"llo\"},\"index\":0}]}"); // delta before index
        feed("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other choice\"}}]}");
        feed("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"a\\\"\",\"name\":\"f\"},\"index\":0,\"id\":\"t1\"}]}}]}");
        feed("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]},\"finish_reason\":\"tool_calls\"}],\"usage\":null}");
        feed("{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":4}}}");
        assertThat(feed("[DONE]")).isFalse();
        assertThat(s.text.toString()).isEqualTo("Héllo");
        assertThat(s.id).isEqualTo("c1");
        assertThat(s.model).isEqualTo("m1");
        assertThat(s.finish).isEqualTo("tool_calls");
        assertThat(s.usage.inputTokens()).isEqualTo(6);
        assertThat(s.usage.cacheReadTokens()).isEqualTo(4);
        assertThat(s.tools.calls()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("t1");
            assertThat(c.name()).isEqualTo("f");
            assertThat(c.argumentsJson()).isEqualTo("{\"a\":1}");
        });
    }

    @Test
    void reasoningContentWinsOverReasoning() throws Exception {
        feed("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"r1\",\"reasoning_content\":\"rc1\"}}]}");
        feed("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"r2\"}}]}");
        assertThat(thinking).containsExactly("rc1", "r2");
    }

    @Test
    void errorsAndGarbage() {
        assertThatThrownBy(() -> feed("{\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}"))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.OVERLOADED));
        assertThatThrownBy(() -> feed("{\"choices\": [tru"))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("not JSON: '{\"choices\": [tru'");
                });
        assertThatThrownBy(() -> feed("[1, 2]"))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.PROTOCOL));
    }
}
