package io.financehub.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request field that is prose written by a person (a reason): it may hold line breaks and tabs.
 * Every other string of a request refuses all control characters ({@link StrictJson}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT })
public @interface FreeText {
}
