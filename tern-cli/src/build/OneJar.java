import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Run by the launcher (source-file mode) after a build: merges the main jar and every jar of its manifest's
 * {@code Class-Path} into one jar, in class-path order, so that the JVM opens one file instead of 107. The first
 * {@code ServiceLoader} lookup of a process (the JDK's logging back-end detection, SLF4J's provider) lists
 * {@code META-INF/services/...} in every jar of the class path, so every start opened all of them, ~40-60 ms
 * before a {@code tern run} could send its first request (strace; docs/BENCHMARKS.md).
 *
 * <p>What the class path meant is kept: the first jar that has an entry wins, as a class loader would find it; the
 * {@code META-INF/services} files of all jars are concatenated in class-path order (duplicates dropped), as
 * {@code ServiceLoader} would have read them; the manifest is the main jar's without {@code Class-Path}, with
 * {@code Multi-Release: true} when any merged jar was multi-release (their {@code META-INF/versions} entries are
 * kept); signature files are dropped (a merged jar cannot keep them valid). Written under a temporary name and moved
 * into place, so the output is whole or absent. Usage: {@code java OneJar.java <main jar> <output jar>}.
 */
public final class OneJar {

    public static void main(String[] args) throws IOException {
        Path main = Path.of(args[0]), out = Path.of(args[1]);
        List<Path> jars = classPath(main);
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), out.getFileName().toString(), ".tmp");
        try {
            int entries = merge(jars, tmp);
            try { // readable as the main jar is (a temporary file starts owner-only)
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(main));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println(out.getFileName() + ": " + jars.size() + " jars, " + entries + " entries");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The main jar, then its manifest's Class-Path (relative to the main jar's folder), in order. */
    static List<Path> classPath(Path main) throws IOException {
        List<Path> jars = new ArrayList<>(List.of(main));
        try (JarFile jar = new JarFile(main.toFile())) {
            Manifest m = jar.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp != null) {
                for (String part : cp.trim().split("\\s+")) {
                    Path p = main.toAbsolutePath().getParent().resolve(part);
                    if (!Files.isRegularFile(p)) throw new IOException("class-path jar missing: " + p);
                    jars.add(p);
                }
            }
        }
        return jars;
    }

    private static int merge(List<Path> jars, Path target) throws IOException {
        Set<String> seen = new HashSet<>();
        Map<String, LinkedHashSet<String>> services = new LinkedHashMap<>();
        Manifest manifest = new Manifest();
        boolean multiRelease = false;
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            zip.setLevel(Deflater.BEST_SPEED);
            // the manifest first (JarInputStream and the JDK's jar tools expect it there), then everything else
            List<ZipFile> open = new ArrayList<>();
            try {
                for (Path p : jars) open.add(new ZipFile(p.toFile()));
                for (int i = 0; i < open.size(); i++) {
                    ZipEntry m = open.get(i).getEntry(JarFile.MANIFEST_NAME);
                    if (m == null) continue;
                    try (InputStream in = open.get(i).getInputStream(m)) {
                        Manifest jm = new Manifest(in);
                        if (i == 0) manifest = jm;
                        multiRelease |= "true".equalsIgnoreCase(jm.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE));
                    }
                }
                Attributes main = manifest.getMainAttributes();
                main.remove(Attributes.Name.CLASS_PATH);
                main.putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
                if (multiRelease) main.put(Attributes.Name.MULTI_RELEASE, "true");
                zip.putNextEntry(new ZipEntry(JarFile.MANIFEST_NAME));
                manifest.write(zip);
                zip.closeEntry();
                seen.add(JarFile.MANIFEST_NAME);
                seen.add("META-INF/");
                zip.putNextEntry(new ZipEntry("META-INF/"));
                zip.closeEntry();
                for (ZipFile z : open) {
                    Enumeration<? extends ZipEntry> es = z.entries();
                    while (es.hasMoreElements()) {
                        ZipEntry e = es.nextElement();
                        String name = e.getName();
                        if (name.startsWith("META-INF/services/") && !e.isDirectory()) {
                            LinkedHashSet<String> providers = services.computeIfAbsent(name, k -> new LinkedHashSet<>());
                            try (InputStream in = z.getInputStream(e)) {
                                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                                    String s = line.replaceFirst("#.*", "").strip();
                                    if (!s.isEmpty()) providers.add(s);
                                }
                            }
                            continue;
                        }
                        if (isSignature(name) || !seen.add(name)) continue;
                        ZipEntry copy = new ZipEntry(name);
                        if (e.getTime() != -1) copy.setTime(e.getTime());
                        zip.putNextEntry(copy);
                        if (!e.isDirectory()) {
                            try (InputStream in = z.getInputStream(e)) {
                                in.transferTo(zip);
                            }
                        }
                        zip.closeEntry();
                    }
                }
            } finally {
                for (ZipFile z : open) z.close();
            }
            for (Map.Entry<String, LinkedHashSet<String>> s : services.entrySet()) {
                zip.putNextEntry(new ZipEntry(s.getKey()));
                zip.write((String.join("\n", s.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                seen.add(s.getKey());
            }
        }
        return seen.size();
    }

    /** A jar signature's files: META-INF/*.SF, *.RSA, *.DSA, *.EC, SIG-* (their digests would not match a merged jar). */
    private static boolean isSignature(String name) {
        if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) return false;
        String n = name.substring("META-INF/".length()).toUpperCase(java.util.Locale.ROOT);
        return n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC") || n.startsWith("SIG-");
    }
}
