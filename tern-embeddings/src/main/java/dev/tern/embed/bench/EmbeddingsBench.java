package dev.tern.embed.bench;

import dev.tern.embed.onnx.MiniLmModel;
import java.util.List;

/**
 * Runs the module's benchmarks and prints one line per measurement. No JMH: plain loops with
 * warm-up, percentiles by nearest rank. Usage:
 * {@code EmbeddingsBench [all|embed|index|route|recall] [--quick]}.
 */
public final class EmbeddingsBench {

    private EmbeddingsBench() {
    }

    public static void main(String[] args) {
        String what = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
        boolean quick = List.of(args).contains("--quick");
        int queries = quick ? 50 : 1000;
        System.out.printf("tern-embeddings bench (%s), %d cores, %s%n", quick ? "quick" : "full",
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        if (what.equals("all") || what.equals("embed")) {
            for (MiniLmModel m : MiniLmModel.values()) {
                if (!m.available()) {
                    System.out.println("embed " + m.id() + ": not on the class path (add " + m.artifact() + ")");
                    continue;
                }
                System.out.println(EmbedBench.run(m, quick ? 30 : 300, quick ? 64 : 1000).report());
            }
        }
        if (what.equals("all") || what.equals("index")) {
            int n = quick ? 20_000 : 100_000;
            IndexBench.Pair pair = IndexBench.runPair(n, 384, Math.min(2, Runtime.getRuntime().availableProcessors()), queries);
            System.out.println(pair.one().report());
            System.out.println(pair.many().report());
        }
        if (what.equals("all") || what.equals("route")) {
            System.out.println(ScenarioBench.routing(20, queries).report());
            System.out.println(ScenarioBench.routing(500, queries).report());
        }
        if (what.equals("all") || what.equals("recall")) {
            System.out.println(ScenarioBench.recall(quick ? 20_000 : 100_000, quick ? 500 : 5_000, queries).report());
        }
    }
}
