package dev.tern.embed.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;

/**
 * ONNX Runtime's native libraries loaded from a cache folder instead of from its jar. Left alone, ONNX
 * Runtime's loader inflates them (22 MB on Linux x64) into a new temporary folder in every process
 * that loads a model, 1 KB at a time, and leaves that folder behind, emptied (measured: one per
 * process). Here they are extracted once into {@code <cache>/onnxruntime-<crc>-<platform>/} (the jar entry's
 * CRC names the build, so another ONNX Runtime version gets a folder of its own; a file is written
 * under a temporary name and renamed, so a copy is never seen half-written), and the loader's own
 * properties ({@code onnxruntime.native.<library>.path}) point at them.
 *
 * <p>Nothing changes when the user set those properties, when the libraries are not in a jar (or not
 * for this platform), or when the cache cannot be written: ONNX Runtime then loads them its own way.
 */
final class NativeLibraries {

    static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");
    private static final String RESOURCES = "/ai/onnxruntime/native/";

    private NativeLibraries() { }

    /** {@code ~/.tern/cache/native}, beside Tern's other per-user files. */
    static Path defaultCache() {
        return Path.of(System.getProperty("user.home"), ".tern", "cache", "native");
    }

    private static String property(String library) {
        return "onnxruntime.native." + library + ".path";
    }

    /**
     * Points ONNX Runtime at copies of its libraries in {@code cache}, extracting what is missing; call
     * before the first ONNX Runtime class is used.
     *
     * @return the folder of the copies, or null when ONNX Runtime is left to load them its own way
     */
    static synchronized Path use(Path cache) {
        for (String l : LIBRARIES) if (System.getProperty(property(l)) != null) return null; // the user's (or done)
        String platform = platform();
        if (platform == null) return null;
        try {
            Map<String, JarURLConnection> entries = new LinkedHashMap<>();
            for (String l : LIBRARIES) {
                URL url = NativeLibraries.class.getResource(RESOURCES + platform + "/" + fileName(l));
                if (url == null) return null;
                URLConnection c = url.openConnection();
                if (!(c instanceof JarURLConnection j)) return null;
                entries.put(l, j);
            }
            JarEntry main = entries.get(LIBRARIES.getFirst()).getJarEntry();
            Path dir = cache.resolve("onnxruntime-" + Long.toHexString(main.getCrc()) + "-" + platform);
            Files.createDirectories(dir);
            Map<String, Path> files = new LinkedHashMap<>();
            for (Map.Entry<String, JarURLConnection> e : entries.entrySet()) {
                Path f = dir.resolve(fileName(e.getKey()));
                extractIfMissing(e.getValue(), f);
                files.put(e.getKey(), f);
            }
            files.forEach((l, f) -> System.setProperty(property(l), f.toString()));
            return dir;
        } catch (IOException | RuntimeException e) {
            return null; // ONNX Runtime extracts them itself, as without this class
        }
    }

    /** Writes the entry to {@code f} unless a file of its size is there (written by an earlier process). */
    private static void extractIfMissing(JarURLConnection entry, Path f) throws IOException {
        long size = entry.getJarEntry().getSize();
        if (size >= 0 && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.size(f) == size) return;
        Path tmp = Files.createTempFile(f.getParent(), f.getFileName().toString(), ".part");
        try {
            try (InputStream in = entry.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String fileName(String library) {
        return System.mapLibraryName(library).replace("jnilib", "dylib");
    }

    /** ONNX Runtime's name for this platform's resource folder (its loader's rule), or null for one it has none for. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win"
                : os.contains("nux") ? "linux" : null;
        String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
                : arch.startsWith("aarch64") || arch.startsWith("arm64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }
}
