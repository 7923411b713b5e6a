package dev.tern.orchestration.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.agent.RunRequest;
import dev.tern.model.ChatRequest;
import dev.tern.orchestration.Orchestration;
import dev.tern.orchestration.support.SimRig;
import dev.tern.orchestration.tiers.ModelTiers;
import dev.tern.orchestration.tiers.Tier;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentFactoryTest {

    @TempDir Path ws;
    SimRig rig;
    final List<ChatRequest> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        rig = new SimRig(ws, List.of(Scenario.parse("""
                {"name": "long", "steps": [{"text": "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty-five twenty-six"}]}""")),
                10);
        rig.gateway.addInterceptor((req, call, next) -> {
            seen.add(req);
            return next.proceed(req);
        });
    }

    @AfterEach
    void stop() { rig.close(); }

    @Test
    void anAgentSeesOnlyItsToolsAndCarriesCacheAndBatchKeys() throws Exception {
        rig.write("agents/a.md", "---\nname: a\ndescription: d\ntools: [get_news, mcp_x_*]\ncache: true\nbatch: true\nmodel: sim:long\n---\nSP");
        Orchestration o = rig.orchestration(ModelTiers.NONE);
        AgentDefinition d = o.catalog().find("a").orElseThrow();
        AgentRun run = o.run(d, RunRequest.of("go"), n -> { });
        assertThat(run.result().completed()).isTrue();
        SimRequest q = rig.sim.requests().getLast();
        assertThat(q.body()).contains("\"get_news\"").doesNotContain("get_profile").doesNotContain("get_ratings");
        assertThat(q.system()).isEqualTo("SP");
        assertThat(seen.getLast().metadata()).containsEntry("cache", "true").containsEntry("batch", "true").containsEntry("agent", "a");
        assertThat(o.factory().tools(d).definitions()).extracting(t -> t.name()).containsExactly("get_news");
    }

    @Test
    void autoModelEscalatesOneTierOnceWhenTheAnswerIsTruncated() throws Exception {
        rig.write("agents/b.md", "---\nname: b\ndescription: d\nmodel: auto\nmaxOutputTokens: 5\n---\nSP");
        Orchestration o = rig.orchestration(ModelTiers.of(Map.of("fast", "sim:long", "balanced", "sim:long,lat=1", "deep", "sim:long,lat=2")));
        List<String> notices = new CopyOnWriteArrayList<>();
        AgentRun run = o.run(o.catalog().find("b").orElseThrow(), RunRequest.of("what is this?"), notices::add);
        assertThat(run.escalated()).isTrue();
        assertThat(run.choice().tier()).isEqualTo(Tier.BALANCED);
        assertThat(seen).extracting(ChatRequest::model).containsExactly("sim:long", "sim:long,lat=1");
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0)).startsWith("b: model sim:long (auto: fast tier");
        assertThat(notices.get(1)).contains("escalated from fast (sim:long) to balanced (sim:long,lat=1): the answer was truncated");
    }

    @Test
    void aNamedModelDoesNotEscalate() throws Exception {
        rig.write("agents/c.md", "---\nname: c\ndescription: d\nmodel: fast\nmaxOutputTokens: 5\n---\nSP");
        Orchestration o = rig.orchestration(ModelTiers.of(Map.of("fast", "sim:long", "balanced", "sim:long,lat=1")));
        AgentRun run = o.run(o.catalog().find("c").orElseThrow(), RunRequest.of("go"), n -> { });
        assertThat(run.escalated()).isFalse();
        assertThat(seen).hasSize(1);
    }
}
