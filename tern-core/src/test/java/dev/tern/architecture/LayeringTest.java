package dev.tern.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's packages form layers and a package never imports one above it (no cycles): data and the
 * provider SPI at the bottom, the run context and events above them, the two choke points above those,
 * the features that plug into them next, the agent loop on top. Read from the sources, so a new
 * upward import fails the build.
 */
class LayeringTest {

    /** Layer of each package: a package may import only packages of a lower or equal layer (equal: listed peers). */
    static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("dev.tern.json", 0), Map.entry("dev.tern.cancel", 0), Map.entry("dev.tern.metrics", 0),
            Map.entry("dev.tern.model", 1),
            Map.entry("dev.tern.run", 2),
            Map.entry("dev.tern.tool.schema", 3), Map.entry("dev.tern.llm", 3), Map.entry("dev.tern.batch", 3),
            Map.entry("dev.tern.tool", 4),
            Map.entry("dev.tern.tool.annotation", 5), Map.entry("dev.tern.store", 5), Map.entry("dev.tern.cache", 5),
            Map.entry("dev.tern.tokens", 5),
            Map.entry("dev.tern.cost", 6),
            Map.entry("dev.tern.agent", 7));

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.tern\\.[a-z][\\w.]*?)\\.[A-Z]", Pattern.MULTILINE);

    @Test
    void noPackageImportsALayerAboveIt() throws IOException {
        Path src = Path.of("src/main/java");
        List<String> violations = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) continue;
                String pkg = pm.group(1);
                Integer mine = LAYER.get(pkg);
                if (mine == null) {
                    unknown.add(pkg);
                    continue;
                }
                Matcher im = IMPORT.matcher(text);
                while (im.find()) {
                    String target = im.group(1);
                    Integer theirs = LAYER.get(target);
                    if (theirs != null && theirs > mine) violations.add(src.relativize(f) + " imports " + target);
                }
            }
        }
        assertThat(unknown).as("every core package has a layer").isEmpty();
        assertThat(violations).as("imports of a higher layer").isEmpty();
    }
}
