package dev.tern.tool.annotation;

import dev.tern.tool.schema.StringFormats;

import dev.tern.json.Json;
import dev.tern.tool.ToolCallContext;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates JSON Schemas from Java types: the arguments object of a tool method, or any parameter
 * type. The output is deterministic: keys appear in a fixed order ({@code type}, {@code format},
 * {@code description}, {@code enum}, {@code items}, {@code properties}, {@code required},
 * {@code additionalProperties}, bounds); method parameters and record components keep their declared
 * order, bean properties are sorted by name. {@link #toJson} renders it as compact text, so the same
 * types give byte-identical schemas on every run and JVM.
 *
 * <p>Mapping: String/char → string; boolean → boolean; byte…long, BigInteger → integer; float,
 * double, BigDecimal → number; enums → string with {@code enum}; arrays, List, Set (uniqueItems) →
 * array with {@code items}; {@code Map<String,T>} → object with {@code additionalProperties}; records
 * and beans → nested objects with {@code required}; {@code Optional<T>} → T, not required; JsonNode and
 * Object → any value; Path, URI, UUID and java.time values → string (with {@code format}).
 * Self-referencing types are cut at the second level to {@code {"type":"object"}}.
 */
public final class SchemaGenerator {

    private SchemaGenerator() { }

    /** The schema of a tool method's arguments object; {@link ToolCallContext} parameters are skipped. */
    public static ObjectNode forMethod(Method method) {
        ObjectNode props = Json.object();
        ArrayNode required = Json.MAPPER.createArrayNode();
        for (Parameter p : method.getParameters()) {
            if (p.getType() == ToolCallContext.class) continue;
            if (!p.isNamePresent()) {
                throw new IllegalArgumentException("parameter names of " + method.getDeclaringClass().getName() + "."
                        + method.getName() + " are not available: compile with -parameters");
            }
            Param param = p.getAnnotation(Param.class);
            props.set(p.getName(), property(p.getParameterizedType(), param, new HashSet<>()));
            if (isRequired(p.getType(), param, true)) required.add(p.getName());
        }
        return objectSchema(props, required);
    }

    /** The schema of one type. */
    public static ObjectNode schemaOf(Type type) {
        return schemaOf(type, new HashSet<>());
    }

    /** Compact JSON text of a schema, key order as built. */
    public static String toJson(JsonNode schema) {
        return Json.write(schema);
    }

    /** Whether an argument of this type with this annotation must be supplied. */
    static boolean isRequired(Class<?> raw, Param param, boolean defaultRequired) {
        if (raw == Optional.class) return false;
        return param == null ? defaultRequired : param.required();
    }

    private static ObjectNode property(Type type, Param param, Set<Class<?>> visiting) {
        ObjectNode schema = schemaOf(type, visiting);
        if (param == null || param.description().isBlank()) return schema;
        // put the description right after type/format, whatever the schema holds
        ObjectNode out = Json.object();
        if (schema.has("type")) out.set("type", schema.get("type"));
        if (schema.has("format")) out.set("format", schema.get("format"));
        out.put("description", param.description());
        for (Map.Entry<String, JsonNode> e : schema.properties()) {
            if (!out.has(e.getKey())) out.set(e.getKey(), e.getValue());
        }
        return out;
    }

    private static ObjectNode schemaOf(Type type, Set<Class<?>> visiting) {
        if (type instanceof Class<?> c) return classSchema(c, visiting);
        if (type instanceof ParameterizedType pt) return parameterized(pt, visiting);
        if (type instanceof GenericArrayType ga) return arrayOf(ga.getGenericComponentType(), false, visiting);
        if (type instanceof WildcardType wt) return schemaOf(wt.getUpperBounds()[0], visiting);
        if (type instanceof TypeVariable<?>) return Json.object();
        throw new IllegalArgumentException("unsupported tool parameter type " + type.getTypeName());
    }

    private static ObjectNode parameterized(ParameterizedType pt, Set<Class<?>> visiting) {
        Class<?> raw = (Class<?>) pt.getRawType();
        Type[] args = pt.getActualTypeArguments();
        if (raw == Optional.class) return schemaOf(args[0], visiting);
        if (Collection.class.isAssignableFrom(raw) || raw == Iterable.class) {
            return arrayOf(args[0], Set.class.isAssignableFrom(raw), visiting);
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type key = args[0] instanceof WildcardType w ? w.getUpperBounds()[0] : args[0];
            if (key != String.class && key != Object.class && !(key instanceof Class<?> k && k.isEnum())) {
                throw new IllegalArgumentException("map keys must be strings in tool parameters, got " + pt.getTypeName());
            }
            ObjectNode s = type("object");
            s.set("additionalProperties", schemaOf(args[1], visiting));
            return s;
        }
        return classSchema(raw, visiting);
    }

    private static ObjectNode classSchema(Class<?> c, Set<Class<?>> visiting) {
        if (c == String.class || c == CharSequence.class) return type("string");
        if (c == char.class || c == Character.class) {
            ObjectNode s = type("string");
            s.put("minLength", 1);
            s.put("maxLength", 1);
            return s;
        }
        if (c == boolean.class || c == Boolean.class) return type("boolean");
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class || c == short.class
                || c == Short.class || c == byte.class || c == Byte.class || c == BigInteger.class) {
            return type("integer");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class
                || c == BigDecimal.class || c == Number.class) {
            return type("number");
        }
        if (c.isEnum()) {
            ObjectNode s = type("string");
            ArrayNode values = s.putArray("enum");
            for (Object constant : c.getEnumConstants()) values.add(((Enum<?>) constant).name());
            return s;
        }
        if (c == byte[].class) {
            ObjectNode s = type("string");
            s.put("contentEncoding", "base64");
            return s;
        }
        if (c.isArray()) return arrayOf(c.getComponentType(), false, visiting);
        if (Collection.class.isAssignableFrom(c)) return arrayOf(Object.class, Set.class.isAssignableFrom(c), visiting);
        if (Map.class.isAssignableFrom(c)) return type("object");
        if (c == Object.class || c == JsonNode.class) return Json.object();
        if (c == ObjectNode.class) return type("object");
        if (c == ArrayNode.class) return type("array");
        String format = StringFormats.of(c);
        if (format != null) {
            ObjectNode s = type("string");
            if (!format.isEmpty()) s.put("format", format);
            return s;
        }
        if (c.isPrimitive() || c.isInterface() || Modifier.isAbstract(c.getModifiers())
                || c.getName().startsWith("java.") || c.getName().startsWith("javax.")) {
            throw new IllegalArgumentException("unsupported tool parameter type " + c.getName());
        }
        if (!visiting.add(c)) return type("object"); // recursive type: cut here
        try {
            return c.isRecord() ? recordSchema(c, visiting) : beanSchema(c, visiting);
        } finally {
            visiting.remove(c);
        }
    }

    private static ObjectNode recordSchema(Class<?> c, Set<Class<?>> visiting) {
        ObjectNode props = Json.object();
        ArrayNode required = Json.MAPPER.createArrayNode();
        for (RecordComponent rc : c.getRecordComponents()) {
            Param param = rc.getAnnotation(Param.class);
            props.set(rc.getName(), property(rc.getGenericType(), param, visiting));
            if (isRequired(rc.getType(), param, true)) required.add(rc.getName());
        }
        return objectSchema(props, required);
    }

    private static ObjectNode beanSchema(Class<?> c, Set<Class<?>> visiting) {
        try {
            c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("unsupported tool parameter type " + c.getName()
                    + ": use a record, or a bean with a public no-argument constructor");
        }
        Map<String, Type> types = new TreeMap<>();
        Map<String, Param> params = new TreeMap<>();
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) continue;
            types.put(f.getName(), f.getGenericType());
            Param p = f.getAnnotation(Param.class);
            if (p != null) params.put(f.getName(), p);
        }
        for (Method m : c.getMethods()) {
            String n = m.getName();
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 1 || n.length() < 4 || !n.startsWith("set")) continue;
            String prop = Character.toLowerCase(n.charAt(3)) + n.substring(4);
            types.putIfAbsent(prop, m.getGenericParameterTypes()[0]);
            try {
                Param p = c.getDeclaredField(prop).getAnnotation(Param.class);
                if (p != null) params.putIfAbsent(prop, p);
            } catch (NoSuchFieldException ignored) {
                // a setter without a field of that name: no annotation to read
            }
        }
        if (types.isEmpty()) throw new IllegalArgumentException("unsupported tool parameter type " + c.getName() + ": no properties");
        ObjectNode props = Json.object();
        ArrayNode required = Json.MAPPER.createArrayNode();
        types.forEach((name, t) -> {
            Param p = params.get(name);
            props.set(name, property(t, p, visiting));
            if (p != null && isRequired(raw(t), p, false)) required.add(name);
        });
        return objectSchema(props, required);
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType pt) return (Class<?>) pt.getRawType();
        return Object.class;
    }

    private static ObjectNode objectSchema(ObjectNode props, ArrayNode required) {
        ObjectNode s = type("object");
        s.set("properties", props);
        if (!required.isEmpty()) s.set("required", required);
        s.put("additionalProperties", false);
        return s;
    }

    private static ObjectNode arrayOf(Type item, boolean unique, Set<Class<?>> visiting) {
        ObjectNode s = type("array");
        s.set("items", schemaOf(item, visiting));
        if (unique) s.put("uniqueItems", true);
        return s;
    }

    private static ObjectNode type(String t) {
        ObjectNode s = Json.object();
        s.put("type", t);
        return s;
    }
}
