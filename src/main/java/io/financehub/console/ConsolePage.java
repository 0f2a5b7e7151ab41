package io.financehub.console;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource class of the finance operations console: {@link ConsoleGuard} authenticates, authorises and
 * CSRF-checks its every request, and its answers get the console's cookies and security headers.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ConsolePage {
}
