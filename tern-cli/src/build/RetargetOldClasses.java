import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Run by the launcher (JDK 24 or newer, source-file mode) before it records the AOT cache: rewrites each jar of a
 * folder whose classes are older than Java 6 (class file major version below 50, e.g. picocli's, built for Java 5)
 * as Java 8 class files with stack maps, in place. The JDK's AOT cache cannot hold such classes ("Old class has been
 * linked"), so every start loaded and verified picocli's 175 classes from its jar; rewritten, they are archived with
 * the rest (a fresh {@code tern run} reaches its first request ~70 ms sooner, docs/BENCHMARKS.md). The bytecode is
 * unchanged; every rewritten class is checked by the ClassFile API's verifier, and a jar with any error is left as
 * it was. Usage: {@code java RetargetOldClasses.java <folder of jars>}.
 */
public final class RetargetOldClasses {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                if (firstClassIsOld(jar)) System.out.println(jar.getFileName() + ": " + rewrite(jar));
            }
        }
    }

    /** Whether the jar's first class file predates Java 6 (only its header is read). */
    static boolean firstClassIsOld(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> es = zip.entries(); es.hasMoreElements(); ) {
                ZipEntry e = es.nextElement();
                if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/")) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] head = in.readNBytes(8);
                    return head.length == 8 && ((head[6] & 0xff) << 8 | head[7] & 0xff) < 50;
                }
            }
        }
        return false;
    }

    private static String rewrite(Path jar) throws IOException {
        Path tmp = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
        int rewritten = 0;
        List<String> errors = new ArrayList<>();
        try (ZipFile in = new ZipFile(jar.toFile());
             URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            // stack maps need the common super class of two types: the jar's own classes are read from the jar
            ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
                    .orElse(ClassHierarchyResolver.ofResourceParsing(classes)).cached();
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver), ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            for (Enumeration<? extends ZipEntry> es = in.entries(); es.hasMoreElements(); ) {
                ZipEntry e = es.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    ClassModel m = cf.parse(bytes);
                    if (m.majorVersion() < 50) {
                        // re-emitting every method body makes the library generate its stack map table
                        bytes = cf.transformClass(m, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen(ClassTransform.endHandler(b -> b.withVersion(ClassFile.JAVA_8_VERSION, 0))));
                        cf.verify(bytes).forEach(v -> errors.add(e.getName() + ": " + v.getMessage()));
                        rewritten++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            return "left as it was (" + e + ")";
        }
        if (!errors.isEmpty()) {
            Files.deleteIfExists(tmp);
            return "left as it was, the verifier found " + errors.size() + " errors, e.g. " + errors.getFirst();
        }
        if (Files.getFileStore(jar).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(jar));   // not the temporary file's 600
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return rewritten + " classes rewritten as Java 8 class files";
    }
}
