package dev.tern.serve.channels;

import dev.tern.channels.Channel;
import dev.tern.channels.ChannelListener;
import dev.tern.channels.ChannelManager;
import dev.tern.channels.Channels;
import dev.tern.channels.TurnHandler;
import dev.tern.channels.config.ChannelsConfig;
import dev.tern.channels.config.HeartbeatConfig;
import dev.tern.channels.cron.CronScheduler;
import dev.tern.channels.cron.CronStore;
import dev.tern.channels.cron.FileJobLock;
import dev.tern.channels.cron.Scheduler;
import dev.tern.channels.heartbeat.Heartbeat;
import dev.tern.channels.webhook.WebhookChannel;
import dev.tern.workspace.config.TernConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The chat channels, cron jobs and heartbeat of the served workspace (module {@code tern-channels}, see
 * docs/CHANNELS.md), started by {@code tern serve}. The webhook channel without a port of its own is mounted
 * on the gateway ({@link #webhook()}).
 */
public final class ChannelsRunner implements AutoCloseable {

    private final ChannelManager manager;
    private final Scheduler scheduler;
    private final WebhookChannel webhook;
    private final String webhookPath;
    private final List<String> warnings;

    private ChannelsRunner(ChannelManager manager, Scheduler scheduler, WebhookChannel webhook, String webhookPath,
                           List<String> warnings) {
        this.manager = manager;
        this.scheduler = scheduler;
        this.webhook = webhook;
        this.webhookPath = webhookPath;
        this.warnings = warnings;
    }

    /** Whether the channels {@code config} enables need the process's JDK HttpClient (every channel but email and Telegram with a proxy). */
    public static boolean needsHttp(TernConfig config) {
        try {
            return needsHttp(ChannelsConfig.parse(config.section("channels"), config.sourceName()));
        } catch (RuntimeException e) {
            return false;   // start() reports the config error
        }
    }

    private static boolean needsHttp(ChannelsConfig cc) {
        return cc.telegram().enabled() && cc.telegram().proxy() == null || cc.slack().enabled() || cc.discord().enabled() || cc.matrix().enabled()
                || cc.dingtalk().enabled() || cc.whatsapp().enabled() || cc.webhook().enabled();
    }

    /**
     * Starts the enabled channels, the cron scheduler and the heartbeat of {@code workspace}.
     *
     * @throws dev.tern.channels.config.ChannelConfigException for a wrong value in the config
     */
    public static ChannelsRunner start(TernConfig config, Path workspace, TurnHandler turns, Supplier<HttpClient> httpClient,
                                       ChannelListener listener) {
        List<String> warnings = new ArrayList<>();
        ChannelsConfig cc = ChannelsConfig.parse(config.section("channels"), config.sourceName());
        HttpClient http = needsHttp(cc) ? httpClient.get() : null;   // its TLS set-up costs ~0.3 s of start-up
        warnings.addAll(cc.warnings());
        JsonNode hbNode = config.section("heartbeat");
        String hbPath = "heartbeat";
        JsonNode gw = config.section("gateway");
        if (hbNode == null && gw != null && gw.isObject() && gw.has("heartbeat")) {
            hbNode = gw.get("heartbeat");
            hbPath = "gateway.heartbeat";
        }
        HeartbeatConfig hb = HeartbeatConfig.parse(hbNode, hbPath, config.sourceName());
        warnings.addAll(hb.warnings());
        Path state = workspace.resolve(".tern").resolve("channels");
        ChannelManager manager = ChannelManager.builder(turns).stateDir(state).sendProgress(cc.sendProgress())
                .sendToolHints(cc.sendToolHints()).listener(listener).build();
        WebhookChannel webhook = null;
        for (Channel c : Channels.fromConfig(cc, http, state, Clock.systemUTC())) {
            manager.add(c);
            if (c instanceof WebhookChannel w && cc.webhook().port() == 0) webhook = w;
        }
        manager.start();
        manager.startFailures().forEach((name, why) -> warnings.add("channel " + name + " did not start: " + why));
        if (webhook != null && manager.startFailures().containsKey("webhook")) webhook = null;
        CronScheduler cron = new CronScheduler(new CronStore(workspace), new FileJobLock(workspace), turns, manager, Clock.systemDefaultZone());
        Heartbeat heartbeat = hb.enabled() ? new Heartbeat(workspace, hb.interval(), turns, manager, hb.deliverTo(), Clock.systemUTC()) : null;
        Scheduler scheduler = new Scheduler(Clock.systemUTC(), cron, heartbeat);
        scheduler.start();
        return new ChannelsRunner(manager, scheduler, webhook, cc.webhook().path(), List.copyOf(warnings));
    }

    /** The webhook channel to mount on the gateway, or null. */
    public WebhookChannel webhook() { return webhook; }

    /** Where the mounted webhook listens. */
    public String webhookPath() { return webhookPath; }

    public List<String> running() { return manager.running(); }

    public Map<String, String> startFailures() { return manager.startFailures(); }

    /** Config warnings and channels that did not start, one line each. */
    public List<String> warnings() { return warnings; }

    /** Stops the scheduler, then the channels (their running turns finish up to the manager's drain timeout). */
    @Override
    public void close() {
        try {
            scheduler.close(); // and the cron scheduler: waits for running jobs
        } finally {
            manager.close();
        }
    }
}
