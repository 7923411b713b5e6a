package dev.tern.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.llm.ModelGateway;
import dev.tern.llm.RequestTags;
import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.model.UserMessage;
import dev.tern.tool.ToolExecutor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent's tags go on every call it makes; the runtime block is marked as volatile for the response cache. */
class AgentTagsTest {

    @Test
    void tagsAndTheVolatileSuffixAreInEveryRequestsMetadata() {
        ScriptedProvider p = new ScriptedProvider(req -> ScriptedProvider.text("ok"));
        Metrics m = new Metrics();
        Agent agent = Agent.builder("nightly").model("m").gateway(new ModelGateway(p, m)).executor(new ToolExecutor(m))
                .metadata(java.util.Map.of(RequestTags.BATCH, "true", RequestTags.RESPONSE_CACHE, "true")).build();

        agent.run(RunRequest.of("summarise").withRuntimeBlock("[Runtime Context]\nCurrent Time: 10:00"));
        agent.toBuilder().build().run("again");

        ChatRequest first = p.requests.getFirst();
        assertThat(first.metadata()).containsEntry(RequestTags.BATCH, "true").containsEntry(RequestTags.RESPONSE_CACHE, "true")
                .containsEntry(RequestTags.AGENT, "nightly").containsEntry(RequestTags.VOLATILE_SUFFIX, "\n\n[Runtime Context]\nCurrent Time: 10:00");
        assertThat(((UserMessage) first.messages().getLast()).text()).isEqualTo("summarise\n\n[Runtime Context]\nCurrent Time: 10:00");
        ChatRequest second = p.requests.get(1);
        assertThat(second.metadata()).containsEntry(RequestTags.BATCH, "true").doesNotContainKey(RequestTags.VOLATILE_SUFFIX);
        assertThat(List.copyOf(second.messages())).last().isEqualTo(new UserMessage("again"));
    }
}
