package dev.tern.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonRepairTest {

    static String repaired(String in) {
        JsonRepair.Result r = JsonRepair.repair(in);
        assertThat(r.error()).as("error for %s", in).isNull();
        return Json.write(r.value());
    }

    static String error(String in) {
        JsonRepair.Result r = JsonRepair.repair(in);
        assertThat(r.ok()).as("should fail: %s", in).isFalse();
        assertThat(r.value()).isNull();
        return r.error();
    }

    @Test
    void validJsonTakesTheFastPathWithNoRepairs() {
        JsonRepair.Result r = JsonRepair.repair("{\"path\": \"a.txt\", \"n\": [1, 2.5, true, null]}");
        assertThat(r.ok()).isTrue();
        assertThat(r.repaired()).isFalse();
        assertThat(r.repairs()).isEmpty();
        assertThat(Json.write(r.value())).isEqualTo("{\"path\":\"a.txt\",\"n\":[1,2.5,true,null]}");
    }

    // Real malformed tool-call arguments, as models emit them.
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"path": "a.txt",}                                  | {"path":"a.txt"}
            {"files": ["a", "b",], "n": 1,}                     | {"files":["a","b"],"n":1}
            {"a": 1,, "b": 2}                                   | {"a":1,"b":2}
            {"command": "ls -la"                                | {"command":"ls -la"}
            {"query": "weather in Par                           | {"query":"weather in Par"}
            {"items": [{"id": 1}, {"id": 2}                     | {"items":[{"id":1},{"id":2}]}
            {"a": {"b": [1, 2]                                  | {"a":{"b":[1,2]}}
            {'path': 'notes.md', 'content': 'it"s'}             | {"path":"notes.md","content":"it\\"s"}
            {'msg': 'don\\'t'}                                  | {"msg":"don't"}
            {path: "x", max_chars: 100, $ref: "y", a-b: 1}      | {"path":"x","max_chars":100,"$ref":"y","a-b":1}
            {"recursive": True, "force": False, "mode": None}   | {"recursive":true,"force":false,"mode":null}
            {"a": 1 "b": 2}                                     | {"a":1,"b":2}
            {"a": 1}}                                           | {"a":1}
            {"pattern": "\\d+\\.txt"}                           | {"pattern":"\\\\d+\\\\.txt"}
            {"a": 1, // the count\\n "b": 2 /* two */}          | {"a":1,"b":2}
            {"u": "caf\\u00e9", "e": "tab\\there",}             | {"u":"café","e":"tab\\there"}
            """)
    void repairsCommonMistakes(String in, String expected) {
        JsonRepair.Result r = JsonRepair.repair(in.replace("\\n", "\n"));
        assertThat(r.error()).as(in).isNull();
        assertThat(r.repairs()).as(in).isNotEmpty();
        assertThat(Json.write(r.value())).isEqualTo(expected);
    }

    // More real outputs: chat-template wrappers, prose after the call, nested truncation, fences with mistakes.
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            <tool_call>\\n{"name": "read_file", "arguments": {"path": "a"}}\\n</tool_call>  | {"name":"read_file","arguments":{"path":"a"}}
            {"query": "latest news", "count": 5}\\n\\nI'll search for this now.         | {"query":"latest news","count":5}
            {"edits": [{"old": "a", "new": "b"}, {"old": "c", "new": "d                    | {"edits":[{"old":"a","new":"b"},{"old":"c","new":"d"}]}
            ```json\\n{"files": ["a.txt", "b.txt",],}\\n```                             | {"files":["a.txt","b.txt"]}
            {"a": 1}\\n```                                                                | {"a":1}
            {"note": "ends with a backslash \\                                            | {"note":"ends with a backslash "}
            {"cmd": "grep -E '\\w+' f.txt", 'dir': '.'}                                  | {"cmd":"grep -E '\\\\w+' f.txt","dir":"."}
            [{"id": 1}, {"id": 2},]                                                         | [{"id":1},{"id":2}]
            """)
    void repairsRealWorldOutputs(String in, String expected) {
        assertThat(repaired(in.replace("\\n", "\n"))).isEqualTo(expected);
    }

    @Test
    void mismatchedBracketsAndCurlyQuotesAreNotGuessed() {
        assertThat(error("{\"a\": [1, 2}")).contains("expected ',' or ']' in the array, found '}'");
        assertThat(error("{\u201cpath\u201d: \u201ca\u201d}")).contains("expected a property name in double quotes, found '\u201c'");
    }

    @Test
    void codeFencesAndProseAroundOneObject() {
        assertThat(repaired("```json\n{\"path\": \"a.txt\"}\n```")).isEqualTo("{\"path\":\"a.txt\"}");
        assertThat(repaired("```\n{\"a\": [1, 2]}\n```\n")).isEqualTo("{\"a\":[1,2]}");
        assertThat(repaired("Sure! Here are the arguments:\n```json\n{\"q\": \"x\"}\n```\nLet me know.")).isEqualTo("{\"q\":\"x\"}");
        assertThat(repaired("I will read the file now. {\"path\": \"README.md\"} This should work."))
                .isEqualTo("{\"path\":\"README.md\"}");
        assertThat(repaired("```json\n{\"path\": \"a\",")).isEqualTo("{\"path\":\"a\"}"); // truncated inside a fence
        JsonRepair.Result r = JsonRepair.repair("Here: {\"a\": 1}");
        assertThat(r.repairs()).containsExactly("ignored the text before the JSON");
    }

    @Test
    void rawNewlinesAndControlCharactersInStrings() {
        JsonRepair.Result r = JsonRepair.repair("{\"content\": \"line one\nline two\ttabbed\r\nend\"}");
        assertThat(r.ok()).isTrue();
        assertThat(r.value().get("content").asString()).isEqualTo("line one\nline two\ttabbed\r\nend");
        assertThat(r.repairs()).singleElement().asString().contains("escaped raw control characters");
        // a whole file written by write_file, the most common case
        String file = "{\"path\": \"Main.java\", \"content\": \"class Main {\n  void f() {\n    System.out.println(\\\"hi\\\");\n  }\n}\n\"}";
        assertThat(JsonRepair.parse(file).get("content").asString()).isEqualTo("class Main {\n  void f() {\n    System.out.println(\"hi\");\n  }\n}\n");
    }

    @Test
    void repairsAreReportedInOrder() {
        JsonRepair.Result r = JsonRepair.repair("{'a': True, b: [1,],");
        assertThat(r.ok()).isTrue();
        assertThat(Json.write(r.value())).isEqualTo("{\"a\":true,\"b\":[1]}");
        assertThat(r.repairs()).containsExactly(
                "converted the single-quoted string at position 1",
                "converted the Python literal True at position 6",
                "quoted the key b",
                "removed a trailing comma at position 17",
                "closed the object opened at position 0 (the output was cut off)");
    }

    @Test
    void refusesToGuessValues() {
        assertThat(error("{\"count\": 12")).contains("the number at the end may be incomplete").contains("position 10");
        assertThat(error("{\"path\": ")).contains("the value of 'path' is missing");
        assertThat(error("{\"path\"")).contains("the value of 'path' is missing");
        assertThat(error("{\"pa")).contains("a key is cut off");
        assertThat(error("{\"ok\": tru")).contains("'tru' is cut off");
        assertThat(error("{\"mode\": fast}")).contains("unexpected word 'fast' (strings must be quoted)");
        assertThat(error("{\"n\": NaN}")).contains("NaN is not a JSON value");
        assertThat(error("{\"n\": 01}")).contains("invalid number '01'");
        assertThat(error("{\"a\" 1}")).contains("expected ':' after the key 'a', found '1'");
        assertThat(error("{\"a\": 1} {\"b\": 2}")).contains("more than one JSON value");
        assertThat(error("[1 2]")).contains("expected ',' or ']' in the array, found '2'");
        assertThat(error("no json here")).contains("no JSON object found");
        assertThat(error("")).isEqualTo("the JSON is empty");
        assertThat(error(null)).isEqualTo("the JSON is empty");
    }

    @Test
    void errorsGivePositionLineColumnAndContext() {
        String e = error("{\n  \"a\": 1,\n  \"b\": @\n}");
        assertThat(e).isEqualTo("invalid JSON: unexpected '@' at position 19 (line 3, column 8), near '{\\n  \"a\": 1,\\n  \"b\": @\\n}'");
    }

    @Test
    void deepNestingIsBoundedNotAStackOverflow() {
        String deep = "[".repeat(5000);
        assertThat(error(deep)).contains("nested deeper than 512 levels");
    }
}
