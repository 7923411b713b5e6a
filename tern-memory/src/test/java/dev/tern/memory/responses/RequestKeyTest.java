package dev.tern.memory.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.llm.RequestTags;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.PromptCaching;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What goes into a request's key, and what does not. */
class RequestKeyTest {

    static ChatRequest.Builder base() {
        return ChatRequest.builder("gpt-4o").messages(List.of(Message.system("sys"), Message.user("task")))
                .tools(List.of(new ToolSpec("read_file", "reads", "{\"type\":\"object\"}"))).temperature(0.0).maxOutputTokens(100);
    }

    @Test
    void everythingThatDecidesTheAnswerChangesTheKey() {
        String k = RequestKey.of(base().build());
        assertThat(k).hasSize(64).matches("[0-9a-f]+");
        assertThat(RequestKey.of(base().build())).isEqualTo(k);
        assertThat(RequestKey.of(base().model("gpt-4o-mini").build())).isNotEqualTo(k);
        assertThat(RequestKey.of(base().temperature(0.7).build())).isNotEqualTo(k);
        assertThat(RequestKey.of(base().maxOutputTokens(101).build())).isNotEqualTo(k);
        assertThat(RequestKey.of(base().thinking(1024).build())).isNotEqualTo(k);
        assertThat(RequestKey.of(base().tools(List.of()).build())).isNotEqualTo(k);
        assertThat(RequestKey.of(base().toolChoice(ChatRequest.ToolChoice.REQUIRED, null).build())).isNotEqualTo(k);
        assertThat(RequestKey.of(base().messages(List.of(Message.system("sys2"), Message.user("task"))).build())).isNotEqualTo(k);
        // field boundaries are unambiguous: "ab"+"c" differs from "a"+"bc"
        assertThat(RequestKey.of(base().messages(List.of(Message.system("ab"), Message.user("c"))).build()))
                .isNotEqualTo(RequestKey.of(base().messages(List.of(Message.system("a"), Message.user("bc"))).build()));
    }

    @Test
    void promptCacheHintsMetadataAndTheVolatileRuntimeBlockDoNot() {
        String k = RequestKey.of(base().build());
        assertThat(RequestKey.of(base().cacheKey("session-1").caching(PromptCaching.DEFAULT)
                .metadata(Map.of("agent", "x", "run", "r1")).build())).isEqualTo(k);
        String block = "\n\n[Runtime Context]\nCurrent Time: 2026-01-01 10:00";
        ChatRequest withBlock = base().messages(List.of(Message.system("sys"), Message.user("task" + block)))
                .metadata(Map.of(RequestTags.VOLATILE_SUFFIX, block)).build();
        String later = "\n\n[Runtime Context]\nCurrent Time: 2026-01-02 17:31";
        ChatRequest nextDay = base().messages(List.of(Message.system("sys"), Message.user("task" + later)))
                .metadata(Map.of(RequestTags.VOLATILE_SUFFIX, later)).build();
        assertThat(RequestKey.of(withBlock)).isEqualTo(k).isEqualTo(RequestKey.of(nextDay));
        // without the tag the block is part of the question
        assertThat(RequestKey.of(base().messages(List.of(Message.system("sys"), Message.user("task" + block))).build())).isNotEqualTo(k);
    }

    @Test
    void toolCallIdsAreReplacedByTheirOrder() {
        ChatRequest a = base().messages(List.of(Message.user("t"), new AssistantMessage("", List.of(new ToolCall("call_abc", "read_file", "{}"))),
                new ToolResultMessage("call_abc", "read_file", "data", false))).build();
        ChatRequest b = base().messages(List.of(Message.user("t"), new AssistantMessage("", List.of(new ToolCall("toolu_xyz", "read_file", "{}"))),
                new ToolResultMessage("toolu_xyz", "read_file", "data", false))).build();
        ChatRequest other = base().messages(List.of(Message.user("t"), new AssistantMessage("", List.of(new ToolCall("call_abc", "read_file", "{}"))),
                new ToolResultMessage("call_abc", "read_file", "other data", false))).build();
        assertThat(RequestKey.of(a)).isEqualTo(RequestKey.of(b)).isNotEqualTo(RequestKey.of(other));
    }
}
