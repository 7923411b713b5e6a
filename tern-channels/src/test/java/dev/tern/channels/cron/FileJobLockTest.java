package dev.tern.channels.cron;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The single-node lock passes the contract every job lock must pass. */
class FileJobLockTest extends JobLockContract {

    @TempDir Path workspace;

    @Override
    protected JobLock newNode() { return new FileJobLock(workspace); }
}
