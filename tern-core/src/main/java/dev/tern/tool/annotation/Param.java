package dev.tern.tool.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one tool argument: a parameter of a {@link ToolMethod}, a record component or a bean
 * field of an argument type. Without it, method parameters and record components are required
 * (unless {@code Optional}); bean fields are optional.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Param {

    /** What the argument means, for the model; empty for none. */
    String description() default "";

    /** Whether the model must supply it. {@code Optional<T>} parameters are never required. */
    boolean required() default true;
}
