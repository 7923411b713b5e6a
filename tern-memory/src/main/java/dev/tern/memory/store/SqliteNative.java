package dev.tern.memory.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where sqlite-jdbc finds its native library. By default it inflates the library from its jar,
 * checksums it and writes a fresh copy to the temp folder in every process (~0.15 s of CPU, paid by
 * every {@code tern run} that touches memory). Here it is written once per version and platform into a
 * folder of the current user ({@code <tmp>/tern-<user>/sqlite-<jar>-<size>-<os>-<arch>/}, mode 700 where
 * POSIX, owner checked) and loaded from there afterwards. Anything unusual (no such resource, a folder
 * owned by someone else, an I/O error) leaves sqlite-jdbc to do as it always does.
 */
final class SqliteNative {

    private SqliteNative() { }

    static void preferCachedLibrary() {
        if (System.getProperty("org.sqlite.lib.path") != null) return;
        try {
            String name = System.mapLibraryName("sqlitejdbc");
            String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
            Path base = Path.of(System.getProperty("java.io.tmpdir"), "tern-" + user);
            // keyed by sqlite-jdbc's jar and the platform as the JVM names it, so a later process finds the library
            // without sqlite-jdbc's own platform probe, which starts `uname -o` (~40 ms of a fresh JVM) to rule out Android
            Path dir = base.resolve(("sqlite-" + jarKey() + "-" + System.getProperty("os.name") + "-" + System.getProperty("os.arch"))
                    .replaceAll("[^A-Za-z0-9_.-]", "-"));
            if (!privateFolder(base) || !privateFolder(dir)) return;
            Path lib = dir.resolve(name);
            if (!Files.isRegularFile(lib)) {   // written whole under a temporary name, then moved: present means complete
                String folder = org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
                URL resource = org.sqlite.SQLiteJDBCLoader.class.getResource("/org/sqlite/native/" + folder + "/" + name);
                if (resource == null) return;
                Path tmp = Files.createTempFile(dir, name, ".tmp");
                try (InputStream in = resource.openStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException | LinkageError e) {
            // sqlite-jdbc extracts it itself, as usual
        }
    }

    /**
     * sqlite-jdbc's jar file name and size; its version, read from a resource, when it is not loaded from its own jar
     * file (from the launcher's merged jar, whose size changes with every build, or not from a file at all).
     */
    private static String jarKey() {
        try {
            java.security.CodeSource source = org.sqlite.SQLiteJDBCLoader.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
                Path jar = Path.of(source.getLocation().toURI());
                String file = jar.getFileName().toString();
                if (file.startsWith("sqlite-jdbc") && Files.isRegularFile(jar)) return file.replaceFirst("\\.jar$", "") + "-" + Files.size(jar);
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            // the version below
        }
        return org.sqlite.SQLiteJDBCLoader.getVersion();
    }

    /** Creates the folder (owner-only where POSIX) and checks that it belongs to this user. */
    private static boolean privateFolder(Path dir) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            try {
                if (posix) Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                else Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process made it: checked below
            }
        }
        if (Files.isSymbolicLink(dir)) return false;
        String owner = Files.getOwner(dir).getName();
        if (!owner.equals(System.getProperty("user.name"))) return false;
        return !posix || PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)).equals("rwx------");
    }
}
