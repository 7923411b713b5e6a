package dev.tern.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLogTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheLastLinesAndRotatesAnOversizedFile() throws Exception {
        Path file = dir.resolve("logs/mcp-x.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "o".repeat((int) ServerLog.MAX_BYTES + 10));
        try (ServerLog log = new ServerLog(file)) {
            log.started("server --flag");
            for (int i = 1; i <= 5; i++) log.line("line " + i + "\n");
            log.line("   ");
            assertThat(log.tail()).isEqualTo("line 3 | line 4 | line 5");
        }
        assertThat(Files.size(dir.resolve("logs/mcp-x.log.1"))).isGreaterThan(ServerLog.MAX_BYTES);
        assertThat(Files.readString(file)).contains("starting: server --flag", "line 1", "line 5").doesNotContain("ooo");
    }
}
