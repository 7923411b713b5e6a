package dev.tern.tool.annotation;

import dev.tern.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import dev.tern.tool.schema.ToolArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotatedToolsTest {

    public record Point(int x, int y) { }

    public enum Unit { CM, INCH }

    /** A real tool set: reads real files, computes, fails honestly. */
    public static class FileTools {
        final Path root;

        FileTools(Path root) { this.root = root; }

        @ToolMethod(description = "Read a UTF-8 file", readOnly = true, cacheable = true,
                resourceParam = "path", resourcePrefix = "file:", timeoutSeconds = 5)
        public String readFile(@Param(description = "the file to read") String path) throws IOException {
            return Files.readString(root.resolve(path));
        }

        @ToolMethod(name = "write", description = "Write a file", resourceParam = "path", resourcePrefix = "file:")
        public ToolResult writeFile(String path, String content, ToolCallContext ctx) throws IOException {
            Files.writeString(root.resolve(path), content);
            return ToolResult.ok("wrote " + content.length() + " chars for call " + ctx.callId());
        }

        @ToolMethod(description = "Sum points", exclusive = true)
        public Map<String, Object> sum(List<Point> points, Optional<Unit> unit,
                                       @Param(required = false) Integer scale) {
            int sx = points.stream().mapToInt(Point::x).sum() * (scale == null ? 1 : scale);
            int sy = points.stream().mapToInt(Point::y).sum() * (scale == null ? 1 : scale);
            return Map.of("x", sx, "y", sy, "unit", unit.map(Enum::name).orElse("none"));
        }

        @ToolMethod(description = "Always fails")
        public String fail(String why) {
            throw new IllegalStateException("refused: " + why);
        }

        @ToolMethod(description = "Not a tool call: no annotation below")
        public void nothing() { }

        public String helper() { return "not a tool"; }
    }

    @TempDir Path dir;

    ToolCallContext call(String tool, String args) {
        return new ToolCallContext("call-1", tool, JsonObject.parse(args), RunContext.standalone(dir));
    }

    Map<String, Tool> tools() {
        Map<String, Tool> m = new java.util.LinkedHashMap<>();
        for (Tool t : AnnotatedTools.from(new FileTools(dir))) m.put(t.name(), t);
        return m;
    }

    @Test
    void discoversAnnotatedMethodsSortedByName() {
        assertThat(tools().keySet()).containsExactly("fail", "nothing", "read_file", "sum", "write");
    }

    @Test
    void specAndTraitsComeFromTheAnnotation() {
        Tool read = tools().get("read_file");
        assertThat(read.spec()).isEqualTo(new ToolSpec("read_file", "Read a UTF-8 file",
                "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"the file to read\"}},"
                        + "\"required\":[\"path\"],\"additionalProperties\":false}"));
        assertThat(read.spec()).isSameAs(read.spec());
        assertThat(read.traits().readOnly()).isTrue();
        assertThat(read.traits().cacheable()).isTrue();
        assertThat(read.traits().exclusive()).isFalse();
        assertThat(read.traits().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(read.traits().resourceOf(JsonObject.parse("{\"path\":\"a.txt\"}"))).isEqualTo("file:a.txt");
        assertThat(read.traits().resourceOf(JsonObject.parse("{}"))).isNull();
        Tool sum = tools().get("sum");
        assertThat(sum.traits().exclusive()).isTrue();
        assertThat(sum.traits().resourceOf(JsonObject.parse("{}"))).isNull();
        assertThat(sum.traits().timeout()).isEqualTo(Duration.ofSeconds(60));
        // the injected context is not an argument
        assertThat(tools().get("write").spec().parametersJson()).doesNotContain("ctx").contains("\"required\":[\"path\",\"content\"]");
    }

    @Test
    void executesAgainstRealFiles() throws Exception {
        Map<String, Tool> t = tools();
        ToolResult w = t.get("write").execute(call("write", "{\"path\":\"n.txt\",\"content\":\"hello\"}"));
        assertThat(w).isEqualTo(ToolResult.ok("wrote 5 chars for call call-1"));
        assertThat(Files.readString(dir.resolve("n.txt"))).isEqualTo("hello");
        assertThat(t.get("read_file").execute(call("read_file", "{\"path\":\"n.txt\"}"))).isEqualTo(ToolResult.ok("hello"));
    }

    @Test
    void convertsNestedArgumentsAndSerializesObjectResults() throws Exception {
        ToolResult r = tools().get("sum").execute(call("sum", "{\"points\":[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4}],\"unit\":\"CM\",\"scale\":10}"));
        assertThat(r.error()).isFalse();
        assertThat(Json.parse(r.content())).isEqualTo(Json.parse("{\"x\":40,\"y\":60,\"unit\":\"CM\"}"));
        ToolResult defaults = tools().get("sum").execute(call("sum", "{\"points\":[]}"));
        assertThat(Json.parse(defaults.content())).isEqualTo(Json.parse("{\"x\":0,\"y\":0,\"unit\":\"none\"}"));
    }

    @Test
    void exceptionsBecomeErrorResultsWithTheirMessage() throws Exception {
        assertThat(tools().get("fail").execute(call("fail", "{\"why\":\"policy\"}"))).isEqualTo(ToolResult.error("refused: policy"));
        ToolResult missing = tools().get("read_file").execute(call("read_file", "{\"path\":\"absent.txt\"}"));
        assertThat(missing.error()).isTrue();
        assertThat(missing.content()).startsWith(NoSuchFileException.class.getSimpleName() + ": ").endsWith("absent.txt");
        assertThat(tools().get("nothing").execute(call("nothing", "{}"))).isEqualTo(ToolResult.ok(""));
    }

    @Test
    void badArgumentsAreErrorsNotCrashes() throws Exception {
        ToolResult r = tools().get("sum").execute(call("sum", "{\"points\":\"nope\"}"));
        assertThat(r.error()).isTrue();
        assertThat(r.content()).startsWith("argument 'points' must be List");
        assertThat(tools().get("read_file").execute(call("read_file", "{}"))).isEqualTo(ToolResult.error("argument 'path' is required"));
    }

    @Test
    void repairValidateThenExecuteEndToEnd() throws Exception {
        Tool sum = tools().get("sum");
        ToolArguments prep = new ToolArguments();
        var p = prep.prepare(sum.spec(), "```json\n{points: [{'x': '2', 'y': 3},], scale: \"2\"");
        assertThat(p.error()).isNull();
        assertThat(p.repairs()).isNotEmpty();
        ToolResult r = sum.execute(call("sum", Json.write(p.arguments())));
        assertThat(Json.parse(r.content())).isEqualTo(Json.parse("{\"x\":4,\"y\":6,\"unit\":\"none\"}"));
        var bad = prep.prepare(sum.spec(), "{\"points\": [{\"x\": 1}], \"unit\": \"MM\"}");
        assertThat(bad.error()).isEqualTo("invalid arguments for sum: argument 'points[0].y' is required (integer); "
                + "argument 'unit' must be one of \"CM\", \"INCH\", got \"MM\"");
        var encoded = prep.prepare(sum.spec(), Json.write(Json.MAPPER.getNodeFactory().stringNode("{\"points\": []}")));
        assertThat(encoded.ok()).isTrue();
        assertThat(encoded.repairs()).containsExactly("decoded the arguments object from a JSON string");
        assertThat(prep.prepare(sum.spec(), "\"just text\"").error()).isEqualTo("invalid arguments for sum: arguments must be an object, got \"just text\"");
        assertThat(prep.prepare(sum.spec(), "{\"points\": [1, 2").error())
                .startsWith("the arguments of sum are not valid JSON: invalid JSON: the number at the end may be incomplete");
    }

    @Test
    void aToolWithAnUnusableSchemaStaysUsableUnvalidated() {
        ToolSpec odd = new ToolSpec("mcp_x_search", "third-party", "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\",\"pattern\":\"[\"}}}");
        var p = new ToolArguments().prepare(odd, "{\"q\": \"anything\",}");
        assertThat(p.ok()).isTrue();
        assertThat(p.arguments().get("q").asString()).isEqualTo("anything");
        assertThat(p.repairs()).last().asString().startsWith("not validated: the tool's schema is unusable (invalid pattern");
        assertThat(new ToolArguments().prepare(odd, "[1]").error()).isEqualTo("the arguments of mcp_x_search must be a JSON object, got array");
    }

    @Test
    void registryRegistersAnnotatedObjects() {
        ToolRegistry registry = new ToolRegistry().registerAll(AnnotatedTools.from(new FileTools(dir)));
        assertThat(registry.definitions()).extracting(ToolSpec::name).containsExactly("fail", "nothing", "read_file", "sum", "write");
    }

    public static class Dupes {
        @ToolMethod(name = "x", description = "a") public String a() { return ""; }
        @ToolMethod(name = "x", description = "b") public String b() { return ""; }
    }

    public static class BadResource {
        @ToolMethod(description = "a", resourceParam = "file") public String a(String path) { return path; }
    }

    @Test
    void misdeclaredToolsFailAtRegistration() {
        assertThatThrownBy(() -> AnnotatedTools.from(new Dupes())).hasMessageContaining("named 'x'");
        assertThatThrownBy(() -> AnnotatedTools.from(new BadResource())).hasMessageContaining("resourceParam 'file' is not a parameter");
        assertThatThrownBy(() -> AnnotatedTools.from("no tools")).hasMessageContaining("has no public @ToolMethod");
    }

    @Test
    void snakeCaseNames() {
        assertThat(AnnotatedTools.snakeCase("readFile")).isEqualTo("read_file");
        assertThat(AnnotatedTools.snakeCase("fetchURL")).isEqualTo("fetch_url");
        assertThat(AnnotatedTools.snakeCase("getHTTPResponse")).isEqualTo("get_http_response");
        assertThat(AnnotatedTools.snakeCase("exec")).isEqualTo("exec");
    }
}
