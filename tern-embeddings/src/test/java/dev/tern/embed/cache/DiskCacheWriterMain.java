package dev.tern.embed.cache;

import java.nio.file.Path;
import java.util.Arrays;

/** Writes and re-reads the same keys in rounds; prints how many reads were torn or wrong. */
public final class DiskCacheWriterMain {

    static final String MODEL = "shared-model";

    private DiskCacheWriterMain() {
    }

    public static void main(String[] args) {
        long[] r = hammer(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        System.out.println("bad=" + r[0] + " reads=" + r[1]);
    }

    /** Returns {bad reads, reads}. A miss (file not written yet) is fine; a wrong or corrupt vector is not. */
    static long[] hammer(Path dir, int keys, int rounds) {
        DiskCache cache = new DiskCache(dir, MODEL, 0);
        long bad = 0;
        long reads = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < keys; i++) {
                String text = "text " + i;
                ContentKey key = ContentKey.of(MODEL, text);
                float[] expected = RecordingEmbedder.vectorOf(text, 96);
                if (!cache.write(key, expected)) {
                    bad++;
                }
                float[] got = cache.read(key, 96);
                reads++;
                if (got == null || !Arrays.equals(got, expected)) {
                    bad++;
                }
            }
        }
        return new long[] {bad + cache.corrupt() + cache.ioErrors(), reads};
    }
}
