package dev.tern.workspace.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check-then-use race of issue 9 (hole 3): while other threads flip symlinks inside the workspace
 * between an inside target and an outside one as fast as they can, 1 000 concurrent reads, listings
 * and writes through the file tools never see or touch anything outside. One flipper swaps a real
 * folder for a link and back: with the former guard (real path checked, then opened later following
 * links) 1 000 such reads leaked the outside file 0-2 times per run, as in the black-box attack run.
 */
class SymlinkRaceTest {

    static final int CALLS = 1_000;

    @TempDir Path tmp;

    @Test
    void flippingSymlinksNeverLeakAnOutsideFile() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path out = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(out.resolve("f.txt"), "SECRET-OUTSIDE");
        Files.writeString(out.resolve("secret-entry"), "x");
        Files.createDirectories(ws.resolve("realdir"));
        Files.writeString(ws.resolve("realdir/f.txt"), "INSIDE");
        Files.writeString(ws.resolve("inside.txt"), "INSIDE");
        Files.createSymbolicLink(ws.resolve("flip"), ws.resolve("inside.txt"));
        Files.createSymbolicLink(ws.resolve("dir"), ws.resolve("realdir"));
        Files.createDirectories(ws.resolve("swapdir"));
        Files.writeString(ws.resolve("swapdir/f.txt"), "INSIDE");
        Files.createDirectories(ws.resolve("wdir"));
        Files.writeString(ws.resolve("wdir/target.txt"), "start");

        PathGuard guard = new PathGuard(ws, true);
        ReadFileTool read = new ReadFileTool(guard, 2000, 100 * 1024);
        ListDirTool list = new ListDirTool(guard, 500);
        WriteFileTool write = new WriteFileTool(guard);

        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> flippers = List.of(
                flipper(stop, ws.resolve("flip"), ws.resolve("inside.txt"), out.resolve("f.txt")),
                flipper(stop, ws.resolve("dir"), ws.resolve("realdir"), out),
                flipper(stop, ws.resolve("wlink"), ws.resolve("wdir"), out),
                dirSwapper(stop, ws.resolve("swapdir"), out));
        AtomicInteger leaks = new AtomicInteger();
        AtomicInteger insideReads = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore concurrency = new Semaphore(64);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                int n = i;
                done.add(pool.submit((Callable<Void>) () -> {
                    concurrency.acquire();
                    try {
                        ToolResult r = switch (n % 5) {
                            case 4 -> read.execute(Calls.context(read, "{\"path\":\"swapdir/f.txt\"}", ws));
                            case 0 -> read.execute(Calls.context(read, "{\"path\":\"flip\"}", ws));
                            case 1 -> read.execute(Calls.context(read, "{\"path\":\"dir/f.txt\"}", ws));
                            case 2 -> list.execute(Calls.context(list, "{\"path\":\"dir\"}", ws));
                            default -> write.execute(Calls.context(write,
                                    Json.write(Map.of("path", "wlink/f.txt", "content", "WRITTEN-" + n)), ws));
                        };
                        if (r.content().contains("SECRET-OUTSIDE") || r.content().contains("secret-entry")) leaks.incrementAndGet();
                        if (!r.error() && r.content().contains("INSIDE")) insideReads.incrementAndGet();
                    } finally {
                        concurrency.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            stop.set(true);
            for (Thread t : flippers) t.join();
        }
        assertThat(leaks.get()).as("reads or listings that saw outside content").isZero();
        assertThat(Files.readString(out.resolve("f.txt"))).as("the outside file was never written").isEqualTo("SECRET-OUTSIDE");
        try (var outsideEntries = Files.list(out)) {
            assertThat(outsideEntries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f.txt", "secret-entry");
        }
        assertThat(insideReads.get()).as("the race was real: reads did succeed while links flipped").isPositive();
    }

    /** Swaps a real folder for a link to {@code outside} and back (renames), until stopped. */
    static Thread dirSwapper(AtomicBoolean stop, Path dir, Path outside) throws java.io.IOException {
        Path aside = dir.resolveSibling(dir.getFileName() + ".aside");
        Path link = dir.resolveSibling(dir.getFileName() + ".link");
        Files.createSymbolicLink(link, outside);
        return Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                try {
                    Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(link, dir, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(dir, link, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.io.IOException e) {
                    // keep swapping
                }
            }
        });
    }

    /** Swaps {@code link} between two targets atomically (rename over it) until stopped. */
    static Thread flipper(AtomicBoolean stop, Path link, Path inside, Path outside) {
        return Thread.ofPlatform().daemon().start(() -> {
            Path tmp = link.resolveSibling("." + link.getFileName() + ".flip");
            boolean in = false;
            while (!stop.get()) {
                try {
                    Files.deleteIfExists(tmp);
                    Files.createSymbolicLink(tmp, in ? inside : outside);
                    Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    in = !in;
                } catch (java.io.IOException e) {
                    // a racing write may have replaced the link: keep flipping
                }
            }
        });
    }
}
