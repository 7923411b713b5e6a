package dev.tern.channels.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The heartbeat: every {@code interval}, read {@code HEARTBEAT.md} and act on it if it changed and holds
 * actionable items. Tern's section is {@code heartbeat: {enabled, intervalMinutes, deliverTo}}; nanobot's
 * {@code gateway.heartbeat: {enabled, intervalS}} is read the same way (hand either object to {@link #parse}).
 *
 * @param enabled   run it
 * @param interval  how often to look at the file
 * @param deliverTo where a turn's answer goes, {@code <channel>:<chatId>} (e.g. {@code telegram:12345}), or null
 *                  to keep it in the heartbeat session only
 * @param warnings  ignored keys
 */
public record HeartbeatConfig(boolean enabled, Duration interval, String deliverTo, List<String> warnings) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);

    public HeartbeatConfig {
        warnings = List.copyOf(warnings);
    }

    /**
     * @param heartbeat the {@code heartbeat} (or nanobot {@code gateway.heartbeat}) object, or null
     * @param path      its key path for messages ({@code heartbeat} or {@code gateway.heartbeat})
     * @param source    the file name
     */
    public static HeartbeatConfig parse(JsonNode heartbeat, String path, String source) {
        Section s = new Section(heartbeat, path, source);
        List<String> warnings = new ArrayList<>();
        boolean enabled = s.flag("enabled", true);
        Duration interval = DEFAULT_INTERVAL;
        if (s.has("intervalMinutes")) interval = Duration.ofMinutes(s.integer("intervalMinutes", 30, 1, 525_600));
        if (s.has("intervalS")) {
            if (s.has("intervalMinutes")) throw new ChannelConfigException(source + ": '" + path + "' has both intervalMinutes and intervalS");
            interval = Duration.ofSeconds(s.integer("intervalS", 1800, 10, 31_536_000));
        }
        String deliverTo = s.text("deliverTo", null);
        if (deliverTo != null && !deliverTo.isBlank() && !deliverTo.matches("[A-Za-z][\\w-]*:.+")) {
            throw new ChannelConfigException(source + ": '" + s.keyPath("deliverTo") + "' must be <channel>:<chatId>, got '" + deliverTo + "'");
        }
        s.unknownKeys(warnings);
        return new HeartbeatConfig(enabled, interval, deliverTo == null || deliverTo.isBlank() ? null : deliverTo, warnings);
    }
}
