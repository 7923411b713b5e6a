package dev.tern.workspace.session;

import dev.tern.model.UserMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Child JVM for the kill -9 test: appends forever, printing "ACK n" after each append returned. */
public final class CrashChild {
    public static void main(String[] args) {
        FileSessionStore store = new FileSessionStore(Path.of(args[0]), FsyncPolicy.parse(args[1]), Duration.ofMillis(50), Clock.systemUTC());
        FileSession s = store.open("crash:test");
        String pad = "p".repeat(200);
        for (int i = 0; ; i++) {
            s.append(new UserMessage("msg-" + i + " " + pad));
            System.out.println("ACK " + i);
            System.out.flush();
        }
    }
}
