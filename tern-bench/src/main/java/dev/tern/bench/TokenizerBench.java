package dev.tern.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.tern.model.Message;
import dev.tern.tokens.BpeVocabulary;
import dev.tern.tokens.TiktokenCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Exact token counting, Tern's BPE against jtokkit's on the same vocabulary (o200k_base): the load in a fresh JVM
 * with the flags {@code tern run} gets (C1 only, Serial GC), what the loaded vocabulary keeps on the heap, and
 * counting throughput once warm, A/B interleaved in every round; the counts of both must be equal.
 */
public final class TokenizerBench {

    static final String OURS = "tern", THEIRS = "jtokkit";

    public BenchReport run(int rounds, int passes) throws Exception {
        double load0 = Machine.load();
        List<Double> loadOurs = new ArrayList<>(), loadTheirs = new ArrayList<>(), heapOurs = new ArrayList<>(),
                heapTheirs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            List<String> order = i % 2 == 0 ? List.of(OURS, THEIRS) : List.of(THEIRS, OURS);
            for (String who : order) {
                double[] s = child(who);
                (who.equals(OURS) ? loadOurs : loadTheirs).add(s[0]);
                (who.equals(OURS) ? heapOurs : heapTheirs).add(s[1]);
            }
        }
        // warm throughput, in this JVM (C2), both counters over the same corpus, passes interleaved
        List<String> corpus = corpus();
        long bytes = corpus.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
        TiktokenCounter ours = TiktokenCounter.load(BpeVocabulary.O200K_BASE);
        Encoding theirs = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        ToIntFunction<String> a = ours::count, b = theirs::countTokensOrdinary;
        long tokensOurs = 0, tokensTheirs = 0;
        for (String t : corpus) {
            tokensOurs += a.applyAsInt(t);
            tokensTheirs += b.applyAsInt(t);
        }
        for (int w = 0; w < 30; w++) { // until C2 has compiled both
            pass(corpus, a);
            pass(corpus, b);
        }
        List<Double> passOurs = new ArrayList<>(), passTheirs = new ArrayList<>();
        for (int p = 0; p < passes; p++) {
            if (p % 2 == 0) {
                passOurs.add(pass(corpus, a));
                passTheirs.add(pass(corpus, b));
            } else {
                passTheirs.add(pass(corpus, b));
                passOurs.add(pass(corpus, a));
            }
        }
        double mb = bytes / 1e6;
        BenchReport.Builder r = new BenchReport.Builder("tokenizer",
                "exact token counts (o200k_base): Tern's BPE against jtokkit's, load in a fresh JVM and warm throughput", "tern bench tokenizer");
        r.row("tern: vocabulary loaded and first text counted, fresh JVM (C1, as tern run)", Spread.of(loadOurs).format("%.0f", " ms"));
        r.row("jtokkit: the same", Spread.of(loadTheirs).format("%.0f", " ms"));
        Spread loadRatio = Spread.ratios(loadOurs, loadTheirs);
        r.row("tern / jtokkit: load, same round", loadRatio.format("%.2f", ""), "≤ 0.50", loadRatio.median() <= 0.5);
        r.row("heap kept by the loaded vocabulary: tern; jtokkit", Spread.of(heapOurs).format("%.0f", " MiB") + "; "
                + Spread.of(heapTheirs).format("%.0f", " MiB"));
        r.row("tern: warm counting time per MB of text", Spread.of(passOurs.stream().map(x -> x / mb).toList()).format("%.1f", " ms"));
        r.row("jtokkit: the same", Spread.of(passTheirs.stream().map(x -> x / mb).toList()).format("%.1f", " ms"));
        Spread passRatio = Spread.ratios(passOurs, passTheirs);
        r.row("tern / jtokkit: warm counting time, same pass pair", passRatio.format("%.2f", ""), "≤ 1.00", passRatio.median() <= 1.0);
        r.row("tokens counted over the corpus: tern; jtokkit", tokensOurs + "; " + tokensTheirs, "equal", tokensOurs == tokensTheirs);
        return r.note(rounds + " rounds, each a fresh JVM per counter in alternating order, flags -XX:TieredStopAtLevel=1 "
                        + "-XX:+UseSerialGC (the launcher's for tern run) and this JVM's AOT cache; the load includes counting one "
                        + "paragraph; heap kept = used heap after a full GC with the counter loaded minus before")
                .note("warm: " + String.format(Locale.ROOT, "%.2f", mb) + " MB of prose, code, JSON and six scripts, " + passes
                        + " passes per counter after 30 warm-up passes each, in this JVM")
                .note(Machine.loadNote(load0))
                .build();
    }

    private static double pass(List<String> corpus, ToIntFunction<String> counter) {
        long t0 = System.nanoTime();
        long n = 0;
        for (String t : corpus) n += counter.applyAsInt(t);
        if (n < 0) throw new AssertionError();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Runs {@link #main} in a fresh JVM: {load ms, heap kept MiB}. */
    private static double[] child(String who) throws IOException, InterruptedException {
        String out = ForkedJvm.run(ForkedJvm.likeTernRun(TokenizerBench.class, who), 120, "the tokenizer process");
        String[] last = out.lines().reduce((x, y) -> y).orElse("").split(" ");
        if (last.length != 2) throw new IOException("the tokenizer process printed no figures: " + out);
        return new double[] {Double.parseDouble(last[0]), Double.parseDouble(last[1])};
    }

    /** In the fresh JVM: {@code tern|jtokkit}; prints "loadMs heapKeptMiB". */
    public static void main(String[] args) {
        String text = "Summarize the quarterly report for the regional sales teams and compare it with last quarter: "
                + "revenue 1,234,567 (+4.2 %), margins, {\"region\": \"EMEA\"}, Ärger, 日本語.";
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        Object keep;
        int n;
        if (args[0].equals(OURS)) {
            TiktokenCounter c = TiktokenCounter.load(BpeVocabulary.O200K_BASE);
            n = c.count(text);
            keep = c;
        } else {
            Encoding e = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
            n = e.countTokensOrdinary(text);
            keep = e;
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        if (n <= 0 || keep == null) throw new AssertionError("no tokens");
        System.out.printf(Locale.ROOT, "%.1f %.1f%n", ms, (after - before) / 1048576.0);
    }

    /** About 0.1 MB: the overhead scenario's 200-message conversation, tool JSON, and lines in six scripts. */
    static List<String> corpus() {
        List<String> out = new ArrayList<>();
        for (Message m : OverheadBench.history(200)) {
            String s = switch (m) {
                case dev.tern.model.UserMessage u -> u.text();
                case dev.tern.model.AssistantMessage as -> as.text() + as.toolCalls().stream().map(c -> c.argumentsJson()).toList();
                case dev.tern.model.ToolResultMessage t -> t.content();
                case dev.tern.model.SystemMessage sy -> sy.text();
            };
            out.add(s);
        }
        String[] scripts = {"Изучение языков программирования — это увлекательно, и числа 2024 года тоже.",
                "日本語のテキストも数えます。中文也可以，一起计算。", "مرحبا بالعالم، هذا نص عربي قصير للاختبار.",
                "नमस्ते दुनिया, यह एक छोटा हिंदी वाक्य है।", "Ελληνικά κείμενα για δοκιμή μέτρησης.", "한국어 문장도 셉니다. 😀👍🏽"};
        for (int i = 0; i < 200; i++) out.add(scripts[i % scripts.length] + " " + i);
        return out;
    }
}
