package dev.tern.serve.channels;

import dev.tern.channels.ChannelEvent;
import dev.tern.channels.ChannelListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the chat channels do, on {@code /metrics}: messages received, de-duplicated and denied, answers sent, send retries
 * and failures, failed turns and channel errors per channel ({@code tern_channel_*_total{channel="slack"}}), and whether
 * each channel runs ({@code tern_channel_up}, 0 after it failed to start or stopped). An operator sees a channel that
 * went quiet or keeps failing without reading the log.
 */
public final class ChannelMetrics implements ChannelListener {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();

    public ChannelMetrics(MeterRegistry registry) { this.registry = registry; }

    @Override
    public void onEvent(ChannelEvent e) {
        switch (e) {
            case ChannelEvent.Started s -> up(s.channel()).set(1);
            case ChannelEvent.StartFailed s -> {
                up(s.channel()).set(0);
                count("tern.channel.errors", s.channel());
            }
            case ChannelEvent.Stopped s -> up(s.channel()).set(0);
            case ChannelEvent.Received r -> message(r.channel(), "received");
            case ChannelEvent.Duplicate d -> message(d.channel(), "duplicate");
            case ChannelEvent.Denied d -> message(d.channel(), "denied");
            case ChannelEvent.Replied r -> count("tern.channel.replies", r.channel());
            case ChannelEvent.SendRetrying r -> count("tern.channel.send.retries", r.channel());
            case ChannelEvent.SendFailed f -> count("tern.channel.send.failures", f.channel());
            case ChannelEvent.TurnFailed f -> count("tern.channel.turn.failures", f.channel());
            case ChannelEvent.Error er -> count("tern.channel.errors", er.channel());
        }
    }

    private AtomicInteger up(String channel) {
        return up.computeIfAbsent(channel, c -> {
            AtomicInteger v = new AtomicInteger();
            Gauge.builder("tern.channel.up", v, AtomicInteger::get).tag("channel", c)
                    .description("1 while the channel runs, 0 after it failed to start or stopped").register(registry);
            return v;
        });
    }

    private void message(String channel, String outcome) {
        Counter.builder("tern.channel.messages").tag("channel", channel).tag("outcome", outcome)
                .description("Messages a channel received: received (queued for a turn), duplicate, denied (not in allowFrom)")
                .register(registry).increment();
    }

    private void count(String name, String channel) {
        Counter.builder(name).tag("channel", channel).register(registry).increment();
    }
}
