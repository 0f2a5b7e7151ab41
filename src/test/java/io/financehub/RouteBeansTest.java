package io.financehub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routes are the flow (issue #19): the beans a route calls take typed parameters, so what a stage reads and
 * returns is visible in its signature and the YAML names it; and the flows' beans stay small enough to read.
 *
 * <p>A bean is "called from routes" when a route file names it in a {@code ref:} (bean and method-call steps). Beans
 * handed to a component as an option ({@code idempotentRepository: "#name"}) implement a Camel SPI whose signatures
 * Camel fixes, and are not checked here.
 */
class RouteBeansTest {

    /** Flow beans allowed over {@link #MAX_LINES}, each with why it stays one class. */
    static final Map<String, String> LONG_BEANS = Map.ofEntries(
            Map.entry("io.financehub.flows.bankstatements.OdooStatementPoster",
                    "one protocol: posting a statement with its posting key against a slow Odoo, waiting out unknown outcomes; "
                            + "split, its invariants would span files"),
            Map.entry("io.financehub.flows.budgetchecks.BudgetLedger",
                    "check, record and settle share one transaction pattern, the order's advisory lock and the row types: the "
                            + "decision in two PostgreSQL round trips (the latency target); no route calls it"),
            Map.entry("io.financehub.flows.payments.PaymentFileSaga",
                    "the payment saga's protocol: steps, compensation and recovery share the saga log's transitions and the batch "
                            + "lock; split, one protocol's invariants (proved by CrashIT's kill -9) would spread over classes"));

    static final int MAX_LINES = 300;
    static final Path ROUTES = Path.of("routes");
    static final Path SOURCES = Path.of("src/main/java");
    static final Pattern REF = Pattern.compile("^\\s*ref:\\s*\"?([A-Za-z][A-Za-z0-9]*)\"?\\s*$", Pattern.MULTILINE);

    static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(LayersTest.ROOT);
    }

    @Test
    void noBeanARouteCallsTakesTheExchangeOrAMessage() {
        Map<String, JavaClass> beans = beansCalledFromRoutes();
        assertTrue(beans.size() >= 10, "the routes call the flows' beans: " + beans.keySet());
        List<String> offending = new ArrayList<>();
        beans.forEach((name, bean) -> exchangeTaking(bean).forEach(m -> offending.add(name + ": " + m)));
        assertEquals(List.of(), offending, "bind what a stage needs with @Body, @Header, @ExchangeProperty... and return its result");
    }

    @Test
    void flowBeansStaySmallOrSayWhyNot() {
        Map<String, Integer> tooLong = new TreeMap<>();
        for (JavaClass c : product) {
            if (c.getPackageName().startsWith(LayersTest.ROOT + ".flows") && isBean(c) && !LONG_BEANS.containsKey(c.getName())) {
                int lines = lines(c);
                if (lines > MAX_LINES) {
                    tooLong.put(c.getName(), lines);
                }
            }
        }
        assertEquals(Map.of(), tooLong, "split a flow bean over " + MAX_LINES + " lines into beans with one job each, or list it with its reason");
    }

    @Test
    void everyListedExceptionIsStillNeeded() {
        List<String> stale = new ArrayList<>();
        LONG_BEANS.keySet().forEach(name -> {
            if (!product.contain(name) || lines(product.get(name)) <= MAX_LINES) {
                stale.add(name);
            }
        });
        assertEquals(List.of(), stale, "remove exceptions that no longer apply");
    }

    @Test
    void theCheckFindsAMethodThatTakesTheExchange() {
        // the rule can fail: the odoo: component's producer is no bean, and takes the Exchange as Camel's SPI says
        assertEquals(List.of("OdooProducer.process[Exchange]"), exchangeTaking(product.get("io.financehub.odoo.camel.OdooProducer")));
    }

    /** The public methods of a class that take the Exchange or a Message. */
    static List<String> exchangeTaking(JavaClass bean) {
        return bean.getMethods().stream()
                .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(m -> m.getRawParameterTypes().stream().anyMatch(p -> p.isAssignableTo(Exchange.class) || p.isAssignableTo(Message.class)))
                .map(m -> bean.getSimpleName() + "." + m.getName() + m.getRawParameterTypes().stream().map(JavaClass::getSimpleName).toList())
                .sorted().toList();
    }

    /** Bean name (as routes refer to it) to its class, for every name a route file's {@code ref:} uses. */
    static Map<String, JavaClass> beansCalledFromRoutes() {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROUTES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = REF.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, JavaClass> byName = new TreeMap<>();
        for (JavaClass c : product) {
            c.tryGetAnnotationOfType(jakarta.inject.Named.class).map(jakarta.inject.Named::value).filter(names::contains)
                    .ifPresent(n -> byName.put(n, c));
        }
        TreeSet<String> unknown = new TreeSet<>(names);
        unknown.removeAll(byName.keySet());
        assertEquals(new TreeSet<>(), unknown, "every bean a route names is a @Named class of the product");
        return byName;
    }

    static boolean isBean(JavaClass c) {
        return !c.isNestedClass() && (c.isAnnotatedWith(jakarta.inject.Named.class)
                || c.isAnnotatedWith(jakarta.enterprise.context.ApplicationScoped.class)
                || c.isAnnotatedWith(jakarta.inject.Singleton.class)
                || c.isAnnotatedWith(jakarta.enterprise.context.Dependent.class));
    }

    static int lines(JavaClass c) {
        Path source = SOURCES.resolve(c.getPackageName().replace('.', '/')).resolve(c.getSimpleName() + ".java");
        try (Stream<String> lines = Files.lines(source)) {
            return (int) lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
