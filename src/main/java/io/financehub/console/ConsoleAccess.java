package io.financehub.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may use a console page or action: any of the hub roles named ({@link io.financehub.api.Roles}), or
 * {@link #ANY_USER}, or {@link #PUBLIC} (the login page). A console method without it is refused to everyone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ConsoleAccess {

    /** Any authenticated user, whatever the role. */
    String ANY_USER = "*";
    /** No authentication (the login page only). */
    String PUBLIC = "public";

    String[] value();
}
