package dev.tern.workspace.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code responseCache} section: camelCase or snake_case, defaults, one-line errors. */
class ResponseCacheConfigTest {

    @Test
    void readsTheSectionAndDefaultsTheRest() {
        TernConfig c = ConfigLoader.parse("""
                {"responseCache": {"enabled": true, "ttl": 600, "max_bytes": 1048576, "verify": "always",
                                   "sample_rate": 4, "cacheSideEffects": true}}""", null);
        assertThat(c.responseCache()).isEqualTo(new ResponseCacheConfig(true, Duration.ofMinutes(10), 1 << 20,
                ResponseCacheConfig.DEFAULT.diskMaxBytes(), "always", 4, true));
        assertThat(c.warnings()).isEmpty();
        assertThat(ConfigLoader.parse("{}", null).responseCache()).isEqualTo(ResponseCacheConfig.DEFAULT);
        assertThat(ResponseCacheConfig.DEFAULT.enabled()).isFalse();
        assertThat(ConfigLoader.parse("{\"response_cache\": {\"diskMaxBytes\": 0}}", null).responseCache().diskMaxBytes()).isZero();
    }

    @Test
    void badValuesAreOneLineErrorsAndUnknownKeysWarnings() {
        assertThatThrownBy(() -> ConfigLoader.parse("{\"responseCache\": {\"verify\": \"sometimes\"}}", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("always, sampling or never");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"responseCache\": {\"sampleRate\": 0}}", null))
                .hasMessageContaining("sampleRate must be >= 1");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"responseCache\": {\"ttl\": 0}}", null)).hasMessageContaining("ttl");
        assertThat(ConfigLoader.parse("{\"responseCache\": {\"enabled\": true, \"ttlSeconds\": 5}}", null).warnings())
                .singleElement().asString().contains("responseCache.ttlSeconds");
    }
}
