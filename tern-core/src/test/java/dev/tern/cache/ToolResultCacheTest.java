package dev.tern.cache;

import dev.tern.json.JsonObject;

import static dev.tern.cache.TestTools.CACHEABLE;
import static dev.tern.cache.TestTools.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.AgentEvent.ToolSource;
import dev.tern.run.RunContext;
import dev.tern.cache.TestTools.CountingTool;
import dev.tern.json.Json;
import dev.tern.metrics.Metrics;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ToolResultCacheTest {

    private final Metrics metrics = new Metrics();
    private final RunContext run = RunContext.standalone(Path.of("/tmp/ws"));

    @Test
    void secondIdenticalCallIsAHitAndMarkedCached() throws Exception {
        ToolResultCache cache = new ToolResultCache(metrics);
        CountingTool tool = new CountingTool("quote", CACHEABLE, c -> {
            TestTools.sleep(40);
            return ToolResult.ok("price of " + c.string("symbol"));
        });

        ToolResult first = call(cache, tool, run, "c1", "{\"symbol\":\"NVDA\"}");
        ToolResult second = call(cache, tool, run, "c2", "{\"symbol\":\"NVDA\"}");

        assertThat(tool.executions).hasValue(1);
        assertThat(first).isEqualTo(ToolResult.ok("price of NVDA"));
        assertThat(first.source()).isEqualTo(ToolSource.EXECUTED);
        assertThat(second).isEqualTo(ToolResult.ok("price of NVDA").withSource(ToolSource.CACHED));
        assertThat(metrics.count("cache.tool.hit")).isEqualTo(1);
        assertThat(metrics.count("cache.tool.miss")).isEqualTo(1);
        assertThat(metrics.count("cache.tool.saved_ms")).isGreaterThanOrEqualTo(30);
        assertThat(metrics.count("cache.tool.bytes")).isEqualTo(cache.snapshot().bytes()).isPositive();
        CacheSnapshot s = cache.snapshot();
        assertThat(s.entries()).isEqualTo(1);
        assertThat(s.hitRate()).isEqualTo(0.5);
        assertThat(s.summary()).contains("1 entries", "hits 1", "misses 1", "hit rate 50 %");
    }

    @Test
    void differentArgumentsOrToolsMiss() throws Exception {
        ToolResultCache cache = new ToolResultCache(metrics);
        CountingTool a = new CountingTool("quote", CACHEABLE, c -> ToolResult.ok("q " + c.string("symbol")));
        CountingTool b = new CountingTool("news", CACHEABLE, c -> ToolResult.ok("n " + c.string("symbol")));

        assertThat(call(cache, a, run, "1", "{\"symbol\":\"NVDA\"}").content()).isEqualTo("q NVDA");
        assertThat(call(cache, a, run, "2", "{\"symbol\":\"AMD\"}").content()).isEqualTo("q AMD");
        assertThat(call(cache, b, run, "3", "{\"symbol\":\"NVDA\"}").content()).isEqualTo("n NVDA");
        RunContext otherWorkspace = RunContext.standalone(Path.of("/tmp/other"));
        assertThat(call(cache, a, otherWorkspace, "4", "{\"symbol\":\"NVDA\"}").content()).isEqualTo("q NVDA");

        assertThat(a.executions).hasValue(3);
        assertThat(b.executions).hasValue(1);
        assertThat(metrics.count("cache.tool.hit")).isZero();
    }

    @Test
    void keyIsCanonicalAcrossKeyOrderWhitespaceAndNumberForm() throws Exception {
        ToolResultCache cache = new ToolResultCache(metrics);
        CountingTool tool = new CountingTool("q", CACHEABLE, c -> ToolResult.ok("x"));

        call(cache, tool, run, "1", "{\"a\":1,\"b\":{\"x\":2.5,\"y\":[1,2.0,\"s\"]}}");
        call(cache, tool, run, "2", "{ \"b\" : {\"y\":[1, 2, \"s\"], \"x\":2.50}, \"a\":1.0 }");
        call(cache, tool, run, "3", "{\"b\":{\"y\":[2,1,\"s\"],\"x\":2.5},\"a\":1}");

        assertThat(tool.executions).as("array order matters, key order and number form do not").hasValue(2);
        String k = ToolResultCache.key("q", JsonObject.parse("{\"a\":1e0}"), null);
        assertThat(k).hasSize(64).matches("[0-9a-f]{64}")
                .isEqualTo(ToolResultCache.key("q", JsonObject.parse("{\"a\":1}"), null))
                .isNotEqualTo(ToolResultCache.key("q", JsonObject.parse("{\"a\":\"1\"}"), null));
    }

    @Test
    void entriesExpireAfterTheirTtl() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        CachePolicy policy = CachePolicy.DEFAULT.withDefaultTtl(Duration.ofSeconds(10))
                .withTtls(Map.of("mcp_news_*", Duration.ofSeconds(2)));
        ToolResultCache cache = new ToolResultCache(metrics, policy, now::get);
        CountingTool quote = new CountingTool("quote", CACHEABLE, c -> ToolResult.ok("v"));
        CountingTool news = new CountingTool("mcp_news_latest", CACHEABLE, c -> ToolResult.ok("n"));

        call(cache, quote, run, "1", "{}");
        call(cache, news, run, "2", "{}");
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        call(cache, quote, run, "3", "{}");
        call(cache, news, run, "4", "{}");
        assertThat(quote.executions).as("quote is still fresh at 3 s").hasValue(1);
        assertThat(news.executions).as("news has a 2 s TTL").hasValue(2);

        now.addAndGet(Duration.ofSeconds(8).toNanos());
        call(cache, quote, run, "5", "{}");
        assertThat(quote.executions).hasValue(2);
        assertThat(cache.snapshot().expired()).isEqualTo(2);
        assertThat(metrics.count("cache.tool.expired")).isEqualTo(2);
    }

    @Test
    void totalBytesStayBoundedAndLeastRecentlyUsedIsEvicted() throws Exception {
        String payload = "x".repeat(100);
        long entry = 64 + payload.length();
        ToolResultCache cache = new ToolResultCache(metrics, CachePolicy.DEFAULT.withMaxBytes(3 * entry));
        CountingTool tool = new CountingTool("blob", CACHEABLE, c -> ToolResult.ok(payload));

        call(cache, tool, run, "1", "{\"n\":1}");
        call(cache, tool, run, "2", "{\"n\":2}");
        call(cache, tool, run, "3", "{\"n\":3}");
        call(cache, tool, run, "4", "{\"n\":1}"); // touch 1: now 2 is the least recently used
        call(cache, tool, run, "5", "{\"n\":4}"); // evicts 2
        assertThat(tool.executions).hasValue(4);
        assertThat(cache.snapshot().bytes()).isEqualTo(3 * entry).isLessThanOrEqualTo(cache.snapshot().maxBytes());
        assertThat(cache.snapshot().evicted()).isEqualTo(1);
        assertThat(metrics.count("cache.tool.evicted")).isEqualTo(1);
        assertThat(metrics.count("cache.tool.bytes")).isEqualTo(3 * entry);

        call(cache, tool, run, "6", "{\"n\":1}");
        call(cache, tool, run, "7", "{\"n\":3}");
        assertThat(tool.executions).as("1 and 3 survived").hasValue(4);
        call(cache, tool, run, "8", "{\"n\":2}");
        assertThat(tool.executions).as("2 was evicted").hasValue(5);

        CountingTool huge = new CountingTool("huge", CACHEABLE, c -> ToolResult.ok("y".repeat(10_000)));
        call(cache, huge, run, "9", "{}");
        call(cache, huge, run, "10", "{}");
        assertThat(huge.executions).as("an entry larger than the bound is never stored").hasValue(2);
        assertThat(cache.snapshot().bytes()).isLessThanOrEqualTo(3 * entry);
    }

    @Test
    void hundredConcurrentIdenticalCallsExecuteOnce() throws Exception {
        ToolResultCache cache = new ToolResultCache(metrics);
        CountingTool tool = new CountingTool("slow", CACHEABLE, c -> {
            TestTools.sleep(300);
            return ToolResult.ok("done");
        });
        List<Future<ToolResult>> futures = new ArrayList<>();
        List<ToolSource> sources = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                String id = "c" + i;
                futures.add(pool.submit(() -> call(cache, tool, run, id, "{\"q\":\"same\"}")));
            }
            for (Future<ToolResult> f : futures) {
                ToolResult r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.content()).isEqualTo("done");
                assertThat(r.error()).isFalse();
                sources.add(r.source());
            }
        }
        assertThat(tool.executions).hasValue(1);
        CacheSnapshot s = cache.snapshot();
        assertThat(s.misses()).isEqualTo(1);
        assertThat(s.hits() + s.coalesced()).isEqualTo(99);
        assertThat(s.coalesced()).as("most calls arrive while the 300 ms execution runs").isGreaterThan(0);
        assertThat(metrics.count("cache.tool.coalesced")).isEqualTo(s.coalesced());
        assertThat(sources.stream().filter(x -> x == ToolSource.COALESCED).count()).isEqualTo(s.coalesced());
        assertThat(sources.stream().filter(x -> x == ToolSource.CACHED).count()).isEqualTo(s.hits());
        assertThat(sources.stream().filter(x -> x == ToolSource.EXECUTED).count()).isEqualTo(1);
        assertThat(s.inFlight()).isZero();
    }

    @Test
    void errorResultsAreNeverCached() throws Exception {
        ToolResultCache cache = new ToolResultCache(metrics);
        AtomicInteger n = new AtomicInteger();
        CountingTool tool = new CountingTool("flaky", CACHEABLE,
                c -> n.incrementAndGet() == 1 ? ToolResult.error("upstream 503") : ToolResult.ok("fine"));

        assertThat(call(cache, tool, run, "1", "{}")).isEqualTo(ToolResult.error("upstream 503"));
        assertThat(call(cache, tool, run, "2", "{}")).isEqualTo(ToolResult.ok("fine"));
        assertThat(call(cache, tool, run, "3", "{}")).isEqualTo(ToolResult.ok("fine").withSource(ToolSource.CACHED));
        assertThat(tool.executions).hasValue(2);
        assertThat(cache.snapshot().entries()).isEqualTo(1);
    }

    @Test
    void coalescedWaitersOfAFailingCallGetTheErrorAndTheNextCallRetries() throws Exception {
        ToolResultCache cache = new ToolResultCache(metrics);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger n = new AtomicInteger();
        CountingTool tool = new CountingTool("boom", CACHEABLE, c -> {
            if (n.incrementAndGet() == 1) {
                release.await();
                throw new IOException("connection reset");
            }
            return ToolResult.ok("recovered");
        });
        List<Future<ToolResult>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                String id = "c" + i;
                futures.add(pool.submit(() -> call(cache, tool, run, id, "{}")));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.snapshot().coalesced() == 9);
            release.countDown();
            for (Future<ToolResult> f : futures) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("connection reset");
            }
        }
        assertThat(cache.snapshot().entries()).isZero();
        assertThat(call(cache, tool, run, "again", "{}")).isEqualTo(ToolResult.ok("recovered"));
        assertThat(tool.executions).hasValue(2);
    }

    @Test
    void policyDecidesWhichToolsAreCached() throws Exception {
        CachePolicy policy = CachePolicy.DEFAULT.withInclude(List.of("mcp_stocks_*")).withExclude(List.of("news"));
        ToolResultCache cache = new ToolResultCache(metrics, policy);
        CountingTool plain = new CountingTool("plain", ToolTraits.READ_ONLY, c -> ToolResult.ok("p"));
        CountingTool included = new CountingTool("mcp_stocks_quote", ToolTraits.READ_ONLY, c -> ToolResult.ok("s"));
        CountingTool excluded = new CountingTool("news", CACHEABLE, c -> ToolResult.ok("n"));
        for (int i = 0; i < 2; i++) {
            call(cache, plain, run, "p" + i, "{}");
            call(cache, included, run, "i" + i, "{}");
            call(cache, excluded, run, "e" + i, "{}");
        }
        assertThat(plain.executions).as("not cacheable by traits").hasValue(2);
        assertThat(included.executions).as("server pattern included").hasValue(1);
        assertThat(excluded.executions).as("exclude wins over traits").hasValue(2);
        assertThat(CachePolicy.serverPattern("stocks")).isEqualTo("mcp_stocks_*");

        ToolResultCache off = new ToolResultCache(metrics,
                new CachePolicy(false, null, 1024, null, null, null));
        CountingTool t = new CountingTool("t", CACHEABLE, c -> ToolResult.ok("t"));
        call(off, t, run, "a", "{}");
        call(off, t, run, "b", "{}");
        assertThat(t.executions).hasValue(2);
    }

    @Test
    void aWriteToAResourceDropsCachedReadsOfIt() throws Exception {
        ToolResultCache cache = new ToolResultCache(metrics);
        ToolTraits readTraits = CACHEABLE.withResource(a -> "file:" + a.string("path"));
        ToolTraits writeTraits = ToolTraits.DEFAULT.withResource(a -> "file:" + a.string("path"));
        CountingTool read = new CountingTool("read_file", readTraits, c -> ToolResult.ok("content"));
        CountingTool write = new CountingTool("write_file", writeTraits, c -> ToolResult.ok("written"));
        CountingTool shell = new CountingTool("exec", new ToolTraits(false, true, false, null, null),
                c -> ToolResult.ok("ran"));

        call(cache, read, run, "1", "{\"path\":\"a.txt\"}");
        call(cache, read, run, "2", "{\"path\":\"b.txt\"}");
        call(cache, write, run, "3", "{\"path\":\"a.txt\",\"content\":\"new\"}");
        call(cache, read, run, "4", "{\"path\":\"a.txt\"}");
        call(cache, read, run, "5", "{\"path\":\"b.txt\"}");
        assertThat(read.executions).as("a.txt re-read, b.txt still cached").hasValue(3);

        call(cache, shell, run, "6", "{\"command\":\"touch b.txt\"}");
        call(cache, read, run, "7", "{\"path\":\"b.txt\"}");
        assertThat(read.executions).as("a shell command may change any file").hasValue(4);
        assertThat(cache.invalidate(name -> name.equals("read_file"))).as("only b.txt was re-read since").isEqualTo(1);
        assertThat(cache.snapshot().bytes()).isZero();
        assertThat(metrics.count("cache.tool.bytes")).isZero();
    }
}
