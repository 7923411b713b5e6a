package dev.tern.provider.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.batch.BatchRequest;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolResultMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The input of tern batch submit: OpenAI batch lines, read into vendor-free requests; bad lines named. */
class BatchInputTest {

    static final String GOOD = """
            {"custom_id": "q1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "max_tokens": 50, "temperature": 0, "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Capital of France?"}]}}

            {"custom_id": "q2", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "tools": [{"type": "function", "function": {"name": "lookup", "description": "look up", "parameters": {"type": "object"}}}], "tool_choice": {"type": "function", "function": {"name": "lookup"}}, "messages": [{"role": "user", "content": [{"type": "text", "text": "find "}, {"type": "text", "text": "it"}]}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "c1", "content": "found"}]}}
            """;

    @Test
    void readsChatCompletionsLines() {
        List<BatchRequest> rs = BatchInput.parse(GOOD);
        assertThat(rs).extracting(BatchRequest::customId).containsExactly("q1", "q2");
        ChatRequest q1 = rs.get(0).request();
        assertThat(q1.model()).isEqualTo("gpt-4o-mini");
        assertThat(q1.maxOutputTokens()).isEqualTo(50);
        assertThat(q1.temperature()).isZero();
        assertThat(q1.messages().getFirst()).isInstanceOf(SystemMessage.class);
        ChatRequest q2 = rs.get(1).request();
        assertThat(q2.tools()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("lookup"));
        assertThat(q2.toolChoice()).isEqualTo(ChatRequest.ToolChoice.TOOL);
        assertThat(q2.forcedTool()).isEqualTo("lookup");
        assertThat(q2.messages().get(0)).satisfies(m -> assertThat(((dev.tern.model.UserMessage) m).text()).isEqualTo("find it"));
        assertThat(((AssistantMessage) q2.messages().get(1)).toolCalls()).hasSize(1);
        assertThat(((ToolResultMessage) q2.messages().get(2)).toolName()).isEqualTo("lookup");
    }

    @Test
    void badLinesAreNamedNotDropped() {
        assertThatThrownBy(() -> BatchInput.parse("{\"custom_id\": \"a\", \"body\": {\"model\": \"m\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"x\"}], \"top_p\": 0.5}}"))
                .hasMessageStartingWith("line 1: body field 'top_p' is not supported");
        assertThatThrownBy(() -> BatchInput.parse(GOOD + "not json\n")).hasMessageStartingWith("line 4: not JSON");
        assertThatThrownBy(() -> BatchInput.parse(GOOD + GOOD.lines().findFirst().orElseThrow())).hasMessageContaining("'q1' is used twice");
        assertThatThrownBy(() -> BatchInput.parse("{\"custom_id\": \"a\", \"url\": \"/v1/embeddings\", \"body\": {}}"))
                .hasMessageContaining("url must be /v1/chat/completions");
        assertThatThrownBy(() -> BatchInput.parse("{\"custom_id\": \"a\", \"body\": {\"model\": \"m\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}}")).hasMessageContaining("only text content");
        assertThatThrownBy(() -> BatchInput.parse("\n\n")).hasMessageContaining("no requests");
    }
}
