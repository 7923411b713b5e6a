package dev.tern.workspace.session;

import dev.tern.store.SessionStore;
import dev.tern.testkit.SessionStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The JSONL file sessions pass the session store conformance suite. */
class FileSessionStoreContractTest extends SessionStoreContract {

    @Override
    protected SessionStore open(Path place) {
        return new FileSessionStore(place.resolve("sessions"), FsyncPolicy.BATCH, Duration.ofMillis(20), Clock.systemUTC());
    }
}
