package dev.tern.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    final ModelCatalog catalog = ModelCatalog.bundled();

    /** "window/maxOutput" of each model, in order. */
    static List<String> limits(ModelCatalog c, String... models) {
        return Arrays.stream(models).map(c::limits).map(l -> l.contextWindow() + "/" + l.maxOutput()).toList();
    }

    @Test
    void longestPrefixWins() {
        assertThat(limits(catalog, "gpt-4o-mini-2024-07-18", "gpt-4.1-nano", "gpt-4-0613", "gpt-5-mini",
                "claude-opus-4-1-20250805", "claude-opus-4-5-20251101", "claude-3-5-haiku-20241022",
                "anthropic/claude-sonnet-4", "us.anthropic.claude-3-7-sonnet-20250219-v1:0"))
                .containsExactly("128000/16384", "1047576/32768", "8192/8192", "400000/128000",
                        "200000/32000", "200000/64000", "200000/8192", "200000/64000", "200000/64000");
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
        assertThat(limits(c, "my-local-q4", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "unknown"))
                .containsExactly("65536/8192", "64000/4096", "64000/4096", "1047576/32768", "8192/1024");
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
