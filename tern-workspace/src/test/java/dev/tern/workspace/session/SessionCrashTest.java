package dev.tern.workspace.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Message;
import dev.tern.model.UserMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCrashTest {

    @TempDir Path dir;

    @Test
    void everyAcknowledgedLineSurvivesKillDashNine() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-cp", cp, CrashChild.class.getName(), dir.toString(), "batch")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lastAck = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) lastAck = Integer.parseInt(line.substring(4));
                if (lastAck >= 2000) break;
            }
            p.destroyForcibly();  // SIGKILL: no shutdown hooks, no close, no flush
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastAck).as("child acknowledged appends").isGreaterThanOrEqualTo(2000);
        try (FileSessionStore store = new FileSessionStore(dir, FsyncPolicy.NEVER, Duration.ofMillis(50), Clock.systemUTC())) {
            FileSession s = store.open("crash:test");
            List<Message> msgs = s.messages();
            assertThat(msgs.size()).isGreaterThan(lastAck);
            for (int i = 0; i <= lastAck; i++) {
                assertThat(((UserMessage) msgs.get(i)).text()).startsWith("msg-" + i + " ");
            }
            assertThat(s.loadWarnings()).allSatisfy(w -> assertThat(w).contains("torn last line"));
        }
    }
}
