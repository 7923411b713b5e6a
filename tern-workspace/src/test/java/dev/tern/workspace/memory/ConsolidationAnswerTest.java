package dev.tern.workspace.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.AssistantMessage;
import dev.tern.model.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsolidationAnswerTest {

    @Test
    void readsTheToolCallIncludingNonStringMemory() {
        var a = ConsolidationAnswer.from(new AssistantMessage("", List.of(new ToolCall("1", "save_memory",
                "{\"history_entry\":\"[2026-01-01 10:00] x\",\"memory_update\":{\"likes\":\"tea\"}}")))).orElseThrow();
        assertThat(a).isEqualTo(new ConsolidationAnswer("[2026-01-01 10:00] x", "{\"likes\":\"tea\"}", true));
    }

    @Test
    void malformedToolArgumentsFallBackToTheText() {
        var a = ConsolidationAnswer.from(new AssistantMessage("summary in words",
                List.of(new ToolCall("1", "save_memory", "{\"history_entry\": \"cut")))).orElseThrow();
        assertThat(a).isEqualTo(new ConsolidationAnswer("summary in words", null, false));
    }

    @Test
    void emptyAnswersGiveNothing() {
        assertThat(ConsolidationAnswer.from(AssistantMessage.ofText("  "))).isEmpty();
        assertThat(ConsolidationAnswer.from(AssistantMessage.ofText("{\"memory_update\":\"only\"}"))).hasValueSatisfying(
                a -> assertThat(a.historyEntry()).isEqualTo("{\"memory_update\":\"only\"}"));
    }
}
