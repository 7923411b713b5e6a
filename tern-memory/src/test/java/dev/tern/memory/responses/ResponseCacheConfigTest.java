package dev.tern.memory.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.json.Json;
import dev.tern.memory.tracker.PerfTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code responseCache} and {@code tracker} config sections: camelCase or snake_case, defaults, one-line errors. */
class ResponseCacheConfigTest {

    @Test
    void readsTheSectionAndDefaultsTheRest() {
        List<String> warnings = new ArrayList<>();
        ResponseCachePolicy p = ResponseCachePolicy.fromConfig(Json.parse("""
                {"enabled": true, "ttl": 600, "max_bytes": 1048576, "verify": "Always", "sample_rate": 4, "cacheSideEffects": true}"""),
                "config.json", warnings);
        assertThat(p).isEqualTo(new ResponseCachePolicy(true, Duration.ofMinutes(10), 1 << 20,
                ResponseCachePolicy.DEFAULT_DISK_MAX_BYTES, VerifyMode.ALWAYS, 4, true, false));
        assertThat(warnings).isEmpty();
        assertThat(ResponseCachePolicy.fromConfig(null, "config.json", warnings)).isEqualTo(ResponseCachePolicy.DEFAULT);
        assertThat(ResponseCachePolicy.DEFAULT.enabled()).isFalse();
        assertThat(ResponseCachePolicy.fromConfig(Json.parse("{\"diskMaxBytes\": 0}"), "c", warnings).diskMaxBytes()).isZero();
    }

    @Test
    void badValuesAreOneLineErrorsAndUnknownKeysWarnings() {
        List<String> warnings = new ArrayList<>();
        assertThatThrownBy(() -> ResponseCachePolicy.fromConfig(Json.parse("{\"verify\": \"sometimes\"}"), "config.json", warnings))
                .hasMessage("config.json: 'responseCache.verify' must be one of always, sampling, never, got \"sometimes\"");
        assertThatThrownBy(() -> ResponseCachePolicy.fromConfig(Json.parse("{\"sampleRate\": 0}"), "c", warnings))
                .hasMessageContaining("'responseCache.sampleRate' must be a whole number >= 1");
        assertThatThrownBy(() -> ResponseCachePolicy.fromConfig(Json.parse("{\"ttl\": 0}"), "c", warnings)).hasMessageContaining("ttl");
        assertThatThrownBy(() -> ResponseCachePolicy.fromConfig(Json.parse("[]"), "c", warnings)).hasMessageContaining("must be an object");
        ResponseCachePolicy.fromConfig(Json.parse("{\"enabled\": true, \"ttlSeconds\": 5}"), "c", warnings);
        assertThat(warnings).singleElement().asString().contains("responseCache.ttlSeconds");
    }

    @Test
    void theTrackerSection() {
        List<String> warnings = new ArrayList<>();
        assertThat(PerfTracker.Options.fromConfig(Json.parse("{\"capacity\": 500, \"max_file_bytes\": 1048576, \"keepFiles\": 2}"),
                "c", warnings)).isEqualTo(new PerfTracker.Options(500, 1 << 20, 2));
        assertThat(PerfTracker.Options.fromConfig(null, "c", warnings)).isEqualTo(PerfTracker.Options.DEFAULT);
        assertThatThrownBy(() -> PerfTracker.Options.fromConfig(Json.parse("{\"capacity\": 0}"), "c", warnings))
                .hasMessageContaining("'tracker.capacity'");
        assertThat(warnings).isEmpty();
    }
}
