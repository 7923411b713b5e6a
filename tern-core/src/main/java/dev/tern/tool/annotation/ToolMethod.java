package dev.tern.tool.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as a tool the model can call. Parameters become the arguments object
 * (names from {@code -parameters}); a {@link dev.tern.tool.ToolCallContext} parameter is injected and
 * is not part of the schema. See {@link AnnotatedTools#from(Object)}.
 *
 * <pre>{@code
 * @ToolMethod(description = "Read a UTF-8 file", readOnly = true, cacheable = true,
 *             resourceParam = "path", resourcePrefix = "file:")
 * public String readFile(@Param(description = "the file to read") String path) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolMethod {

    /** The tool name; empty means the method name in snake_case ({@code readFile} → {@code read_file}). */
    String name() default "";

    /** What the tool does, for the model. */
    String description();

    /** No side effects: may run in parallel with anything that does not write the same resource. */
    boolean readOnly() default false;

    /** Must not overlap with any other non-read-only call (a shell command). */
    boolean exclusive() default false;

    /** Results may be cached and identical in-flight calls coalesced (read-only and idempotent). */
    boolean cacheable() default false;

    /** Per-call timeout in seconds; 0 or less means the default (60 s). */
    long timeoutSeconds() default 0;

    /**
     * The argument naming the resource the call touches (e.g. "path"); empty for none. Two calls on
     * the same resource, one of them writing, never overlap.
     */
    String resourceParam() default "";

    /** Prefix put before the resource argument's value, e.g. {@code "file:"}. */
    String resourcePrefix() default "";
}
