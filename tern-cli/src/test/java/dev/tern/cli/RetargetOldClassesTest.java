package dev.tern.cli;

import static dev.tern.cli.BuildSteps.java;
import static dev.tern.cli.BuildSteps.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's build step that rewrites picocli's Java 5 class files as Java 8 ones (so the AOT cache can hold
 * them), run as the launcher runs it, on a copy of the real jar: the result has the new version, and a fresh JVM
 * verifies its classes and runs a picocli command with it.
 */
class RetargetOldClassesTest {

    static final Path SOURCE = Path.of("src/build/RetargetOldClasses.java");

    @Test
    void picocliIsRewrittenAsJava8ClassFilesThatAFreshJvmVerifiesAndRuns(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "java.lang.classfile is final from JDK 24; the launcher skips the step before");
        Path original = Path.of(picocli.CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path jar = Files.copy(original, lib.resolve(original.getFileName()));
        assertThat(majorVersion(jar, "picocli/CommandLine.class")).isLessThan(50);

        String out = run(List.of(java(), SOURCE.toAbsolutePath().toString(), lib.toString()), dir);
        assertThat(out).contains(original.getFileName() + ": ").contains("classes rewritten as Java 8 class files");
        assertThat(majorVersion(jar, "picocli/CommandLine.class")).isEqualTo(52);
        assertThat(majorVersion(jar, "picocli/CommandLine$Model$CommandSpec.class")).isEqualTo(52);

        // a second run finds nothing old and leaves the jar alone
        long size = Files.size(jar);
        assertThat(run(List.of(java(), SOURCE.toAbsolutePath().toString(), lib.toString()), dir)).isEmpty();
        assertThat(Files.size(jar)).isEqualTo(size);

        // every class the command below needs is verified against its new stack maps (the default for the class path)
        Path hello = Files.writeString(dir.resolve("Hello.java"), """
                import picocli.CommandLine;
                import picocli.CommandLine.Command;
                import picocli.CommandLine.Option;
                @Command(name = "hello", mixinStandardHelpOptions = true)
                public class Hello implements Runnable {
                    @Option(names = "--name") String name = "nobody";
                    public void run() { System.out.println("hello " + name); }
                    public static void main(String[] args) {
                        int code = new CommandLine(new Hello()).execute(args);
                        new CommandLine(new Hello()).usage(System.out);
                        System.exit(code);
                    }
                }
                """);
        String ran = run(List.of(java(), "-Xshare:off", "-cp", jar.toString(), hello.toString(), "--name", "tern"), dir);
        assertThat(ran).startsWith("hello tern").contains("Usage: hello [-hV] [--name=<name>]");
    }



    private static int majorVersion(Path jar, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            byte[] head = in.readNBytes(8);
            return (head[6] & 0xff) << 8 | head[7] & 0xff;
        }
    }
}
