package dev.tern.tool.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.json.Json;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

    static final String READ = """
            {"type":"object","properties":{
              "path":{"type":"string","description":"the file to read"},
              "count":{"type":"integer","minimum":1,"maximum":20},
              "mode":{"type":"string","enum":["fast","slow"]},
              "verbose":{"type":"boolean"},
              "ratio":{"type":"number","exclusiveMinimum":0,"maximum":1},
              "name":{"type":"string","minLength":2,"maxLength":5,"pattern":"^[a-z]+$"},
              "tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3,"uniqueItems":true},
              "note":{"type":["string","null"]},
              "opts":{"type":"object","properties":{"depth":{"type":"integer"}},"additionalProperties":false},
              "meta":{"type":"object","additionalProperties":{"type":"integer"}},
              "kind":{"const":"file"}
            },"required":["path"],"additionalProperties":false}""";

    final SchemaValidator validator = new SchemaValidator();

    Validation check(String schema, String json) {
        return validator.validate(schema, Json.parse(json));
    }

    @Test
    void validArgumentsPassUnchanged() {
        var in = Json.parse("{\"path\":\"a\",\"count\":5,\"mode\":\"fast\",\"tags\":[\"x\",\"y\"],\"note\":null,\"kind\":\"file\"}");
        Validation v = validator.validate(READ, in);
        assertThat(v.errors()).isEmpty();
        assertThat(v.coerced()).isFalse();
        assertThat(v.value()).isSameAs(in);
    }

    @Test
    void missingRequiredNamesTypeAndDescription() {
        assertThat(check(READ, "{}").errors()).containsExactly("argument 'path' is required (string: the file to read)");
    }

    @Test
    void wrongTypeNamesTheRangeAndTheValue() {
        assertThat(check(READ, "{\"path\":\"a\",\"count\":\"five\"}").errors())
                .containsExactly("argument 'count' must be an integer between 1 and 20, got \"five\"");
        assertThat(check(READ, "{\"path\":\"a\",\"count\":25}").errors())
                .containsExactly("argument 'count' must be an integer between 1 and 20, got 25");
        assertThat(check(READ, "{\"path\":\"a\",\"count\":2.5}").errors())
                .containsExactly("argument 'count' must be an integer between 1 and 20, got 2.5");
        assertThat(check(READ, "{\"path\":\"a\",\"ratio\":0}").errors())
                .containsExactly("argument 'ratio' must be a number greater than 0 and at most 1, got 0");
        assertThat(check(READ, "[1]").errors()).containsExactly("arguments must be an object, got [1]");
    }

    @Test
    void safeCoercionsAreAppliedAndReturned() {
        Validation v = check(READ, "{\"path\":42,\"count\":\" 5 \",\"verbose\":\"TRUE\",\"ratio\":\"0.5\","
                + "\"tags\":\"[\\\"a\\\"]\",\"mode\":null,\"opts\":{\"depth\":3.0}}");
        assertThat(v.errors()).isEmpty();
        assertThat(v.coerced()).isTrue();
        assertThat(Json.write(v.value()))
                .isEqualTo("{\"path\":\"42\",\"count\":5,\"verbose\":true,\"ratio\":0.5,\"tags\":[\"a\"],\"opts\":{\"depth\":3.0}}");
    }

    @Test
    void withoutCoercionStringsAreNotNumbers() {
        Validation v = validator.compile(READ).validate(Json.parse("{\"path\":\"a\",\"count\":\"5\"}"), false);
        assertThat(v.ok()).isFalse();
    }

    @Test
    void stringArrayEnumConstAndObjectRules() {
        assertThat(check(READ, "{\"path\":\"a\",\"mode\":\"medium\"}").errors())
                .containsExactly("argument 'mode' must be one of \"fast\", \"slow\", got \"medium\"");
        assertThat(check(READ, "{\"path\":\"a\",\"name\":\"abcdefg\"}").errors())
                .containsExactly("argument 'name' must be a string of between 2 and 5 characters, got 7 characters");
        assertThat(check(READ, "{\"path\":\"a\",\"name\":\"AB\"}").errors())
                .containsExactly("argument 'name' must match the pattern ^[a-z]+$, got \"AB\"");
        assertThat(check(READ, "{\"path\":\"a\",\"tags\":[]}").errors())
                .containsExactly("argument 'tags' must have between 1 and 3 items, got 0");
        assertThat(check(READ, "{\"path\":\"a\",\"tags\":[\"x\",\"x\"]}").errors())
                .containsExactly("argument 'tags' must not contain duplicates, got [\"x\",\"x\"]");
        assertThat(check(READ, "{\"path\":\"a\",\"tags\":[\"x\",7,[]]}").errors())
                .containsExactly("argument 'tags[2]' must be a string, got []");
        assertThat(check(READ, "{\"path\":\"a\",\"kind\":\"dir\"}").errors())
                .containsExactly("argument 'kind' must be \"file\", got \"dir\"");
        assertThat(check(READ, "{\"path\":\"a\",\"opts\":{\"depth\":1,\"x\":2}}").errors())
                .containsExactly("unknown argument 'opts.x' (allowed: depth)");
        assertThat(check(READ, "{\"path\":\"a\",\"meta\":{\"a\":1,\"b\":\"z\"}}").errors())
                .containsExactly("argument 'meta.b' must be an integer, got \"z\"");
        assertThat(check(READ, "{\"path\":\"a\",\"bogus\":1}").errors().get(0))
                .startsWith("unknown argument 'bogus' (allowed: path, count, mode");
        assertThat(check(READ, "{\"path\":null}").errors())
                .containsExactly("argument 'path' must be a string, got null");
    }

    @Test
    void severalErrorsAreReportedTogetherOnOneLine() {
        Validation v = check(READ, "{\"count\":0,\"mode\":\"x\"}");
        assertThat(v.errors()).hasSize(3);
        assertThat(v.message()).doesNotContain("\n").contains("'count'").contains("'mode'").contains("'path' is required");
    }

    @Test
    void combinatorsAndReferences() {
        String schema = """
                {"type":"object","$defs":{"pos":{"type":"integer","minimum":0}},
                 "properties":{
                   "at":{"$ref":"#/$defs/pos"},
                   "id":{"anyOf":[{"type":"integer"},{"type":"string","pattern":"^id-"}]},
                   "one":{"oneOf":[{"type":"integer"},{"type":"number","minimum":10}]},
                   "both":{"allOf":[{"type":"string"},{"minLength":3}]},
                   "tree":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/definitions/leaf"}}}}
                 },
                 "definitions":{"leaf":{"type":"string"}}}""";
        assertThat(check(schema, "{\"at\":3,\"id\":\"id-1\",\"one\":12.5,\"both\":\"abc\",\"tree\":{\"kids\":[\"a\"]}}").errors()).isEmpty();
        assertThat(check(schema, "{\"at\":-1}").errors()).containsExactly("argument 'at' must be an integer at least 0, got -1");
        assertThat(check(schema, "{\"id\":\"x\"}").errors()).containsExactly(
                "argument 'id' matches none of the allowed forms: argument 'id' must be an integer, got \"x\" | "
                        + "argument 'id' must match the pattern ^id-, got \"x\"");
        assertThat(check(schema, "{\"one\":12}").errors()).containsExactly(
                "argument 'one' matches more than one of the allowed forms, got 12");
        assertThat(check(schema, "{\"both\":\"ab\"}").errors()).containsExactly(
                "argument 'both' must be a string of at least 3 characters, got 2 characters");
        assertThat(check(schema, "{\"tree\":{\"kids\":[{}]}}").errors()).containsExactly(
                "argument 'tree.kids[0]' must be a string, got {}");
        // strict match first: "7" is a valid string id, not coerced to an integer
        assertThat(check(schema, "{\"id\":\"id-7\"}").value().get("id").isString()).isTrue();
        assertThat(check(schema, "{\"id\":\"7\"}").value().get("id").isIntegralNumber()).isTrue();
    }

    @Test
    void draft4ExclusiveBoundsAndNullable() {
        String schema = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\",\"minimum\":1,\"exclusiveMinimum\":true},"
                + "\"s\":{\"type\":\"string\",\"nullable\":true}}}";
        assertThat(check(schema, "{\"n\":1,\"s\":null}").errors()).containsExactly("argument 'n' must be a number greater than 1, got 1");
        assertThat(check(schema, "{\"n\":1.5,\"s\":null}").errors()).isEmpty();
    }

    @Test
    void compilesOnceAndRejectsBadSchemas() {
        assertThat(validator.compile(READ)).isSameAs(validator.compile(READ));
        assertThat(validator.cachedSchemas()).isEqualTo(1);
        SchemaValidator small = new SchemaValidator(2);
        small.compile("{\"type\":\"string\"}");
        small.compile("{\"type\":\"integer\"}");
        small.compile("{\"type\":\"number\"}");
        assertThat(small.cachedSchemas()).isEqualTo(2);
        assertThatThrownBy(() -> validator.compile("{\"$ref\":\"#/$defs/none\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolvable $ref");
        assertThatThrownBy(() -> validator.compile("{\"pattern\":\"[\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid pattern");
        assertThatThrownBy(() -> validator.compile("{nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }
}
