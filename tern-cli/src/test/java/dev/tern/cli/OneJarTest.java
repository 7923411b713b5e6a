package dev.tern.cli;

import static dev.tern.cli.BuildSteps.java;
import static dev.tern.cli.BuildSteps.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's build step that merges the main jar and its Class-Path into one jar, run as the launcher runs it
 * (source-file mode): a program run from the merged jar finds the same resources and the same service providers, in
 * the same order, as from the class path it replaces; signatures are dropped; a missing jar fails without output.
 */
class OneJarTest {

    static final Path SOURCE = Path.of("src/build/OneJar.java");

    @Test
    void theMergedJarRunsAsTheClassPathItReplaces(@TempDir Path dir) throws Exception {
        Path classes = compile(dir, Map.of(
                "m/Main.java", """
                        package m;
                        public class Main {
                            public static void main(String[] args) throws Exception {
                                try (var in = Main.class.getResourceAsStream("/same.txt")) {
                                    System.out.println(new String(in.readAllBytes()).strip());
                                }
                                System.out.println(Main.class.getResource("/only-a.txt") != null);
                                StringBuilder order = new StringBuilder();
                                for (Runnable r : java.util.ServiceLoader.load(Runnable.class)) order.append(r.getClass().getName()).append(' ');
                                System.out.println(order.toString().strip());
                            }
                        }""",
                "m/MainTask.java", "package m; public class MainTask implements Runnable { public void run() { } }",
                "a/ATask.java", "package a; public class ATask implements Runnable { public void run() { } }",
                "b/BTask.java", "package b; public class BTask implements Runnable { public void run() { } }"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path main = jar(dir.resolve("main.jar"), classes, List.of("m/Main.class", "m/MainTask.class"),
                Map.of("same.txt", "main", "META-INF/services/java.lang.Runnable", "m.MainTask\n"),
                Map.of("Main-Class", "m.Main", "Class-Path", "lib/a.jar lib/b.jar"));
        jar(lib.resolve("a.jar"), classes, List.of("a/ATask.class"),
                Map.of("same.txt", "a", "only-a.txt", "a", "META-INF/A.SF", "Signature-Version: 1.0\n",
                        "META-INF/services/java.lang.Runnable", "# providers\na.ATask\nm.MainTask\n"),
                Map.of("Multi-Release", "true"));
        jar(lib.resolve("b.jar"), classes, List.of("b/BTask.class"),
                Map.of("same.txt", "b", "META-INF/services/java.lang.Runnable", "b.BTask"), Map.of());

        String viaClassPath = run(List.of(java(), "-cp", main.toString(), "m.Main"), dir);
        assertThat(viaClassPath).isEqualTo("main\ntrue\nm.MainTask a.ATask b.BTask");

        Path one = dir.resolve("one.jar");
        assertThat(run(List.of(java(), SOURCE.toAbsolutePath().toString(), main.toString(), one.toString()), dir))
                .isEqualTo("one.jar: 3 jars, " + entries(one) + " entries");
        assertThat(run(List.of(java(), "-cp", one.toString(), "m.Main"), dir)).isEqualTo(viaClassPath);
        assertThat(run(List.of(java(), "-jar", one.toString()), dir)).isEqualTo(viaClassPath);
        try (JarFile j = new JarFile(one.toFile())) {
            Attributes a = j.getManifest().getMainAttributes();
            assertThat(a.getValue("Class-Path")).isNull();
            assertThat(a.getValue("Main-Class")).isEqualTo("m.Main");
            assertThat(a.getValue("Multi-Release")).isEqualTo("true");
            assertThat(j.getEntry("META-INF/A.SF")).isNull();
        }
        assertThat(Files.getPosixFilePermissions(one)).isEqualTo(Files.getPosixFilePermissions(main));
    }

    @Test
    void aMissingClassPathJarFailsAndLeavesNoJar(@TempDir Path dir) throws Exception {
        Path main = jar(dir.resolve("main.jar"), dir, List.of(), Map.of("x.txt", "x"), Map.of("Class-Path", "lib/gone.jar"));
        Path one = dir.resolve("one.jar");
        Process p = new ProcessBuilder(java(), SOURCE.toAbsolutePath().toString(), main.toString(), one.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("class-path jar missing").contains("gone.jar");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("main.jar");
        }
    }

    private static Path compile(Path dir, Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src")), out = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new java.util.ArrayList<>(List.of("-d", out.toString()));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path f = src.resolve(s.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, s.getValue());
            args.add(f.toString());
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new))).isZero();
        return out;
    }

    private static Path jar(Path jar, Path classes, List<String> classFiles, Map<String, String> texts, Map<String, String> attributes)
            throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, m)) {
            for (String c : classFiles) {
                out.putNextEntry(new ZipEntry(c));
                out.write(Files.readAllBytes(classes.resolve(c)));
                out.closeEntry();
            }
            for (Map.Entry<String, String> t : texts.entrySet()) {
                out.putNextEntry(new ZipEntry(t.getKey()));
                out.write(t.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static int entries(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.size();
        }
    }


}
