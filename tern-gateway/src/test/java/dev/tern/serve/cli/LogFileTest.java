package dev.tern.serve.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's log file: one line per record in the documented shape; warnings reach the disk at once, the rest by close. */
class LogFileTest {

    @TempDir Path dir;

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        return r;
    }

    @Test
    void writesWarningsAtOnceAndEverythingByClose() throws Exception {
        Path file = dir.resolve("serve.log");
        LogFile log = new LogFile(file, 60_000); // no timed flush within the test
        log.setLevel(Level.INFO);
        log.publish(record(Level.INFO, "dev.tern.serve.access", "request=req_1 trace=abc POST /v1/chat/completions 200 12ms"));
        log.publish(record(Level.WARNING, "dev.tern.serve.Gateway", "something to fix"));
        assertThat(Files.readString(file)).contains("something to fix").contains("request=req_1"); // the warning flushed both

        LogRecord withArgs = record(Level.INFO, "x", "{0} of {1}");
        withArgs.setParameters(new Object[] {"one", "two"});
        log.publish(withArgs);
        LogRecord failed = record(Level.SEVERE, "dev.tern.serve.http.Routes", "internal error");
        failed.setThrown(new IllegalStateException("boom"));
        log.publish(failed);
        log.publish(record(Level.FINE, "x", "not written: below the handler's level"));
        log.publish(record(Level.INFO, "x", "last line"));
        log.close();

        String text = Files.readString(file);
        assertThat(text.lines().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ \\S+: .*")).count()).isEqualTo(5);
        assertThat(text).contains("INFO dev.tern.serve.access: request=req_1").contains("WARNING dev.tern.serve.Gateway: something to fix")
                .contains("INFO x: one of two").contains("SEVERE dev.tern.serve.http.Routes: internal error")
                .contains("java.lang.IllegalStateException: boom").contains("INFO x: last line");
        log.publish(record(Level.WARNING, "x", "after close: dropped"));
        assertThat(Files.readString(file)).doesNotContain("after close");
    }
}
