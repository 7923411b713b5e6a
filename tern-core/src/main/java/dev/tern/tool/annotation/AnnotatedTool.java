package dev.tern.tool.annotation;

import dev.tern.json.Json;
import dev.tern.json.JsonObject;
import dev.tern.json.JsonValue;
import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/** One {@link ToolMethod} bound to its target object. Immutable; the spec is computed once. */
final class AnnotatedTool implements Tool {

    private final Object target;
    private final Method method;
    private final ToolSpec spec;
    private final ToolTraits traits;
    private final String[] names;        // null for the injected ToolCallContext
    private final JavaType[] types;
    private final boolean[] required;

    AnnotatedTool(Object target, Method method, ToolMethod annotation) {
        this.target = target;
        this.method = method;
        if (!method.trySetAccessible()) {
            throw new IllegalArgumentException("cannot call " + method + ": make the class public or open its package");
        }
        String name = annotation.name().isBlank() ? AnnotatedTools.snakeCase(method.getName()) : annotation.name();
        this.spec = new ToolSpec(name, annotation.description(), SchemaGenerator.toJson(SchemaGenerator.forMethod(method)));
        Parameter[] params = method.getParameters();
        names = new String[params.length];
        types = new JavaType[params.length];
        required = new boolean[params.length];
        for (int i = 0; i < params.length; i++) {
            if (params[i].getType() == ToolCallContext.class) continue;
            names[i] = params[i].getName();
            types[i] = Json.MAPPER.getTypeFactory().constructType(params[i].getParameterizedType());
            Param p = params[i].getAnnotation(Param.class);
            required[i] = p == null ? params[i].getType() != Optional.class : p.required() && params[i].getType() != Optional.class;
        }
        this.traits = traits(annotation, name);
    }

    private ToolTraits traits(ToolMethod a, String name) {
        Duration timeout = a.timeoutSeconds() > 0 ? Duration.ofSeconds(a.timeoutSeconds()) : ToolTraits.DEFAULT_TIMEOUT;
        if (a.readOnly() && a.exclusive()) {
            throw new IllegalArgumentException("tool '" + name + "' cannot be both readOnly and exclusive");
        }
        ToolTraits t = new ToolTraits(a.readOnly(), a.exclusive(), a.cacheable(), timeout, null);
        if (a.resourceParam().isBlank()) return t;
        String param = a.resourceParam();
        if (Arrays.stream(names).noneMatch(param::equals)) {
            throw new IllegalArgumentException("tool '" + name + "': resourceParam '" + param + "' is not a parameter");
        }
        String prefix = a.resourcePrefix();
        return t.withResource(args -> {
            String v = args.string(param);
            return v == null ? null : prefix + v;
        });
    }

    @Override
    public ToolSpec spec() { return spec; }

    @Override
    public ToolTraits traits() { return traits; }

    @Override
    public ToolResult execute(ToolCallContext call) throws Exception {
        Object[] args = new Object[names.length];
        JsonObject given = call.arguments();
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) {
                args[i] = call;
                continue;
            }
            JsonValue value = given.get(names[i]);
            JsonNode node = value == null ? null : Json.toNode(value);
            if (node == null || node.isNull()) {
                if (required[i] && (node == null || types[i].isPrimitive())) {
                    return ToolResult.error("argument '" + names[i] + "' is required");
                }
                args[i] = absent(types[i]);
                continue;
            }
            try {
                args[i] = Json.MAPPER.treeToValue(node, types[i]);
            } catch (JacksonException e) {
                return ToolResult.error("argument '" + names[i] + "' must be " + types[i].getRawClass().getSimpleName()
                        + ": " + e.getOriginalMessage());
            }
        }
        Object returned;
        try {
            returned = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException ie) throw ie;
            if (cause instanceof Error err) throw err;
            return ToolResult.error(describe(cause));
        }
        return result(returned);
    }

    private static Object absent(JavaType t) {
        if (t.getRawClass() == Optional.class) return Optional.empty();
        if (!t.isPrimitive()) return null;
        Class<?> c = t.getRawClass();
        if (c == boolean.class) return false;
        if (c == char.class) return '\0';
        if (c == double.class) return 0d;
        if (c == float.class) return 0f;
        if (c == long.class) return 0L;
        if (c == short.class) return (short) 0;
        if (c == byte.class) return (byte) 0;
        return 0;
    }

    private static ToolResult result(Object value) {
        if (value == null) return ToolResult.ok("");
        if (value instanceof ToolResult r) return r;
        if (value instanceof CharSequence s) return ToolResult.ok(s.toString());
        if (value instanceof Optional<?> o) return result(o.orElse(null));
        return ToolResult.ok(Json.write(value));
    }

    /** The exception's message; its type too when the message alone would not say what happened. */
    static String describe(Throwable t) {
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) return t.getClass().getSimpleName();
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof UnsupportedOperationException || t.getClass() == RuntimeException.class
                || t.getClass() == Exception.class) {
            return msg;
        }
        return t.getClass().getSimpleName() + ": " + msg;
    }

    @Override
    public String toString() { return "AnnotatedTool[" + spec.name() + " -> " + method + "]"; }
}
