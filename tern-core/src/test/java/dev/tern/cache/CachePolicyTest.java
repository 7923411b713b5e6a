package dev.tern.cache;

import dev.tern.json.CanonicalJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.json.Json;
import dev.tern.tool.ToolTraits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CachePolicyTest {

    @Test
    void patternsDecideWhatIsCachedAndTheLongestTtlPatternWins() {
        CachePolicy p = CachePolicy.DEFAULT.withDefaultTtl(Duration.ofSeconds(120)).withMaxBytes(1000)
                .withInclude(java.util.List.of("mcp_stocks_*")).withExclude(java.util.List.of("mcp_stocks_live"))
                .withTtls(java.util.Map.of("mcp_stocks_*", Duration.ofSeconds(30), "mcp_stocks_profile", Duration.ofHours(1)));
        assertThat(p.defaultTtl()).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.maxBytes()).isEqualTo(1000);
        assertThat(p.ttl("mcp_stocks_profile")).as("longest pattern wins").isEqualTo(Duration.ofHours(1));
        assertThat(p.ttl("mcp_stocks_quote")).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.ttl("read_file")).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.cacheable("mcp_stocks_quote", ToolTraits.DEFAULT)).isTrue();
        assertThat(p.cacheable("mcp_stocks_live", ToolTraits.READ_ONLY.withCacheable(true))).isFalse();
        assertThat(p.cacheable("other", ToolTraits.READ_ONLY)).isFalse();
        assertThat(CachePolicy.DEFAULT.defaultTtl()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void canonicalJsonNormalizesNumbersAndSortsKeys() {
        assertThat(CanonicalJson.write(Json.parse("{\"b\":[1.50,2e2,-0.0,3],\"a\":\"q\\\"\\n\",\"c\":null}")))
                .isEqualTo("{\"a\":\"q\\\"\\n\",\"b\":[1.5,200,0,3],\"c\":null}");
        assertThat(CanonicalJson.write(Json.parse("12345678901234567890123"))).isEqualTo("12345678901234567890123");
        assertThat(CanonicalJson.write(Json.parse("0.000001"))).isEqualTo("0.000001");
        assertThat(CanonicalJson.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
