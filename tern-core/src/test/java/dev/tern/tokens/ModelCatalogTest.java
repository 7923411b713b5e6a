package dev.tern.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    final ModelCatalog catalog = ModelCatalog.bundled();

    @Test
    void longestPrefixWins() {
        assertThat(catalog.limits("gpt-4o-mini-2024-07-18")).isEqualTo(new ModelCatalog.Limits(128000, 16384));
        assertThat(catalog.limits("gpt-4.1-nano")).isEqualTo(new ModelCatalog.Limits(1047576, 32768));
        assertThat(catalog.limits("gpt-4-0613")).isEqualTo(new ModelCatalog.Limits(8192, 8192));
        assertThat(catalog.limits("gpt-5-mini")).isEqualTo(new ModelCatalog.Limits(400000, 128000));
        assertThat(catalog.limits("claude-opus-4-1-20250805")).isEqualTo(new ModelCatalog.Limits(200000, 32000));
        assertThat(catalog.limits("claude-opus-4-5-20251101")).isEqualTo(new ModelCatalog.Limits(200000, 64000));
        assertThat(catalog.limits("claude-3-5-haiku-20241022")).isEqualTo(new ModelCatalog.Limits(200000, 8192));
        assertThat(catalog.limits("anthropic/claude-sonnet-4")).isEqualTo(new ModelCatalog.Limits(200000, 64000));
        assertThat(catalog.limits("us.anthropic.claude-3-7-sonnet-20250219-v1:0")).isEqualTo(new ModelCatalog.Limits(200000, 64000));
    }

    @Test
    void unknownModelsGetTheSafeDefault() {
        assertThat(catalog.knows("my-local-model")).isFalse();
        assertThat(catalog.limits("my-local-model")).isEqualTo(new ModelCatalog.Limits(32768, 4096));
    }

    @Test
    void userFileOverridesAndExtends(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("models.json");
        Files.writeString(f, """
                {"default": {"contextWindow": 8192, "maxOutput": 1024},
                 "models": {"my-local": {"contextWindow": 65536, "maxOutput": 8192},
                            "gpt-4o": {"contextWindow": 64000, "maxOutput": 4096}}}""");
        ModelCatalog c = ModelCatalog.load(f);
        assertThat(c.limits("my-local-q4")).isEqualTo(new ModelCatalog.Limits(65536, 8192));
        assertThat(c.limits("gpt-4o")).isEqualTo(new ModelCatalog.Limits(64000, 4096));
        assertThat(c.limits("gpt-4o-mini")).isEqualTo(new ModelCatalog.Limits(64000, 4096));
        assertThat(c.limits("gpt-4.1")).isEqualTo(new ModelCatalog.Limits(1047576, 32768));
        assertThat(c.limits("unknown")).isEqualTo(new ModelCatalog.Limits(8192, 1024));
    }

    @Test
    void badFilesFailWithTheFileAndTheReason(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"models\": {\"x\": {\"contextWindow\": \"big\"}}}");
        assertThatThrownBy(() -> ModelCatalog.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("integer contextWindow and maxOutput");
        Files.writeString(f, "{oops");
        assertThatThrownBy(() -> ModelCatalog.load(f)).hasMessageContaining("cannot read model catalog " + f);
        assertThatThrownBy(() -> ModelCatalog.load(dir.resolve("missing.json"))).hasMessageContaining("missing.json");
    }
}
