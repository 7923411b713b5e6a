package dev.tern.memory.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class SqliteNativeTest {

    @Test
    void theLibraryIsWrittenOnceIntoAPrivateFolderNamedAfterTheJarAndThePlatform() throws Exception {
        String path = System.getProperty("org.sqlite.lib.path"), name = System.getProperty("org.sqlite.lib.name");
        try {
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");
            SqliteNative.preferCachedLibrary();
            Path dir = Path.of(System.getProperty("org.sqlite.lib.path"));
            Path lib = dir.resolve(System.getProperty("org.sqlite.lib.name"));
            assertThat(dir.getFileName().toString()).startsWith("sqlite-sqlite-jdbc-").contains(System.getProperty("os.arch"));
            assertThat(Files.size(lib)).isPositive();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            long modified = Files.getLastModifiedTime(lib).toMillis();

            // a second process finds it where the first left it, and writes nothing
            System.clearProperty("org.sqlite.lib.path");
            SqliteNative.preferCachedLibrary();
            assertThat(Path.of(System.getProperty("org.sqlite.lib.path"))).isEqualTo(dir);
            assertThat(Files.getLastModifiedTime(lib).toMillis()).isEqualTo(modified);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly(lib.getFileName().toString());
            }
        } finally {
            restore("org.sqlite.lib.path", path);
            restore("org.sqlite.lib.name", name);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }
}
