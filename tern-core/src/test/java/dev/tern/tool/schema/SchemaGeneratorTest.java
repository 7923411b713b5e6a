package dev.tern.tool.schema;

import dev.tern.tool.annotation.SchemaGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.tool.ToolCallContext;
import dev.tern.tool.annotation.Param;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchemaGeneratorTest {

    enum Mode { FAST, SLOW }

    record Range(@Param(description = "first line") int from, Optional<Integer> to) { }

    record Node(String name, List<Node> children) { }

    public static class Bean {
        public String zeta;
        @Param(description = "alpha value") public int alpha;
        private double beta;

        public void setBeta(double b) { beta = b; }

        public double getBeta() { return beta; }
    }

    public static class Fixture {
        public String everything(@Param(description = "the file to read") String path,
                                 @Param(description = "how many") int count,
                                 Optional<String> encoding,
                                 @Param(description = "maybe", required = false) Integer limit,
                                 Mode mode, List<String> tags, Set<Integer> ids, Map<String, Double> weights,
                                 Range range, char sep, Boolean flag, long[] offsets, ToolCallContext ctx,
                                 Path where, Instant when, double ratio) {
            return "";
        }

        public String beans(Bean bean, Node tree) { return ""; }

        public String bad(Thread t) { return ""; }

        public String badMap(Map<Integer, String> m) { return ""; }
    }

    static final String EXPECTED = "{\"type\":\"object\",\"properties\":{"
            + "\"path\":{\"type\":\"string\",\"description\":\"the file to read\"},"
            + "\"count\":{\"type\":\"integer\",\"description\":\"how many\"},"
            + "\"encoding\":{\"type\":\"string\"},"
            + "\"limit\":{\"type\":\"integer\",\"description\":\"maybe\"},"
            + "\"mode\":{\"type\":\"string\",\"enum\":[\"FAST\",\"SLOW\"]},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"ids\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"uniqueItems\":true},"
            + "\"weights\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}},"
            + "\"range\":{\"type\":\"object\",\"properties\":{\"from\":{\"type\":\"integer\",\"description\":\"first line\"},"
            + "\"to\":{\"type\":\"integer\"}},\"required\":[\"from\"],\"additionalProperties\":false},"
            + "\"sep\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":1},"
            + "\"flag\":{\"type\":\"boolean\"},"
            + "\"offsets\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},"
            + "\"where\":{\"type\":\"string\"},"
            + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"},"
            + "\"ratio\":{\"type\":\"number\"}},"
            + "\"required\":[\"path\",\"count\",\"mode\",\"tags\",\"ids\",\"weights\",\"range\",\"sep\",\"flag\",\"offsets\",\"where\",\"when\",\"ratio\"],"
            + "\"additionalProperties\":false}";

    static Method method(String name) {
        for (Method m : Fixture.class.getMethods()) if (m.getName().equals(name)) return m;
        throw new AssertionError(name);
    }

    @Test
    void generatesEveryTypeKindInAStableOrder() {
        String json = SchemaGenerator.toJson(SchemaGenerator.forMethod(method("everything")));
        assertThat(json).isEqualTo(EXPECTED);
        assertThat(SchemaGenerator.toJson(SchemaGenerator.forMethod(method("everything")))).isEqualTo(json);
    }

    @Test
    void beansAreSortedAndRecursiveTypesAreCut() {
        String json = SchemaGenerator.toJson(SchemaGenerator.forMethod(method("beans")));
        assertThat(json).isEqualTo("{\"type\":\"object\",\"properties\":{"
                + "\"bean\":{\"type\":\"object\",\"properties\":{"
                + "\"alpha\":{\"type\":\"integer\",\"description\":\"alpha value\"},"
                + "\"beta\":{\"type\":\"number\"},\"zeta\":{\"type\":\"string\"}},"
                + "\"required\":[\"alpha\"],\"additionalProperties\":false},"
                + "\"tree\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"children\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},"
                + "\"required\":[\"name\",\"children\"],\"additionalProperties\":false}},"
                + "\"required\":[\"bean\",\"tree\"],\"additionalProperties\":false}");
    }

    @Test
    void unsupportedTypesFailWithTheirName() {
        assertThatThrownBy(() -> SchemaGenerator.forMethod(method("bad")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> SchemaGenerator.forMethod(method("badMap")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("map keys must be strings");
    }

    @Test
    void theGeneratedSchemaValidatesItsOwnExample() {
        String schema = SchemaGenerator.toJson(SchemaGenerator.forMethod(method("everything")));
        Validation v = new SchemaValidator().validate(schema, dev.tern.json.Json.parse("""
                {"path":"a.txt","count":"3","mode":"FAST","tags":["x"],"ids":[1,2],"weights":{"a":0.5},
                 "range":{"from":1},"sep":",","flag":"true","offsets":[1],"where":"/tmp","when":"2025-01-01T00:00:00Z","ratio":1}"""));
        assertThat(v.errors()).isEmpty();
        assertThat(v.value().get("count").isInt() || v.value().get("count").isLong()).isTrue();
        assertThat(v.value().get("flag").booleanValue()).isTrue();
    }

    /** Same bytes in a fresh JVM (different method order, different hash seeds). */
    @Test
    void byteIdenticalInAnotherJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SchemaPrinter.class.getName()).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", r.lines().toList());
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo(EXPECTED);
    }

    /** Entry point of the child JVM. */
    public static final class SchemaPrinter {
        public static void main(String[] args) {
            System.out.print(SchemaGenerator.toJson(SchemaGenerator.forMethod(method("everything"))));
        }
    }
}
