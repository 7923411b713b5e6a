package dev.tern.channels;

import dev.tern.channels.config.ChannelsConfig;
import dev.tern.channels.dingtalk.DingTalkChannel;
import dev.tern.channels.discord.DiscordChannel;
import dev.tern.channels.email.EmailChannel;
import dev.tern.channels.matrix.MatrixChannel;
import dev.tern.channels.slack.SlackChannel;
import dev.tern.channels.telegram.TelegramChannel;
import dev.tern.channels.webhook.WebhookChannel;
import dev.tern.channels.whatsapp.WhatsAppChannel;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the channels a config enables. */
public final class Channels {

    private Channels() { }

    /**
     * The enabled channels of {@code config}, not started.
     *
     * @param http     the process's HTTP client (every channel but email and Telegram with a proxy); null = each builds its own
     * @param stateDir where channels keep their state (Telegram's update offset, Matrix's sync token, DingTalk's conversations), or null
     */
    public static List<Channel> fromConfig(ChannelsConfig config, HttpClient http, Path stateDir, Clock clock) {
        List<Channel> out = new ArrayList<>();
        if (config.email().enabled()) out.add(new EmailChannel(config.email()));
        if (config.telegram().enabled()) {
            out.add(new TelegramChannel(config.telegram(), config.telegram().proxy() == null ? http : null, stateDir));
        }
        if (config.slack().enabled()) out.add(new SlackChannel(config.slack(), http));
        if (config.discord().enabled()) out.add(new DiscordChannel(config.discord(), http));
        if (config.matrix().enabled()) out.add(new MatrixChannel(config.matrix(), http, stateDir));
        if (config.dingtalk().enabled()) out.add(new DingTalkChannel(config.dingtalk(), http, stateDir, clock));
        if (config.whatsapp().enabled()) out.add(new WhatsAppChannel(config.whatsapp(), http));
        if (config.webhook().enabled()) out.add(new WebhookChannel(config.webhook(), http, clock));
        return out;
    }

    /**
     * A manager with the enabled channels of {@code config} added, ready for {@link ChannelManager#start()}.
     * What {@code tern serve} calls: {@code Channels.manager(cfg, turns, workspace.resolve(".tern/channels"), http)}.
     */
    public static ChannelManager manager(ChannelsConfig config, TurnHandler turns, Path stateDir, HttpClient http) {
        ChannelManager m = ChannelManager.builder(turns).stateDir(stateDir).sendProgress(config.sendProgress())
                .sendToolHints(config.sendToolHints()).build();
        for (Channel c : fromConfig(config, http, stateDir, Clock.systemUTC())) m.add(c);
        return m;
    }
}
