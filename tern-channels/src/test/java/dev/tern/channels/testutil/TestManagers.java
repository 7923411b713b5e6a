package dev.tern.channels.testutil;

import dev.tern.channels.Channel;
import dev.tern.channels.ChannelEvent;
import dev.tern.channels.ChannelManager;
import dev.tern.channels.SendRetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A started manager for one channel as the channel tests use it: state under the workspace, fast retries, events kept. */
public final class TestManagers {

    private TestManagers() { }

    public static ChannelManager started(AgentTurns turns, Path workspace, List<ChannelEvent> events, Channel channel) {
        ChannelManager m = ChannelManager.builder(turns).stateDir(workspace.resolve(".tern/channels")).listener(events::add)
                .retry(new SendRetry(5, Duration.ofMillis(100), Duration.ofSeconds(5), SendRetry.DEFAULT.pause()))   // the real wait: tests time the retry-after
                .drainTimeout(Duration.ofSeconds(5)).build();
        m.add(channel).start();
        return m;
    }
}
