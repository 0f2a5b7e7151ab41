package io.financehub.formats.pain;

import io.financehub.formats.xml.SafeXml;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Validates XML documents against one XSD (a bank profile's schema file, or an official schema shipped in a
 * dependency), streaming, with every violation collected with its line, column and element path rather than
 * stopping at the first. The schema is compiled once; an instance is thread-safe and meant to be kept.
 *
 * <p>Hardening: the schema may read its own includes from files or jars only; validated documents may not
 * declare a DOCTYPE nor make the validator fetch any schema or DTD (xsi:schemaLocation is ignored).
 */
public final class XsdValidator {

    /**
     * Classpath location of the official ISO 20022 pain.001.001.09 schema, shipped at the root of
     * {@code com.github.hbci4j:hbci4j-core} (byte-identical to the ISO Standards Editor 2019-02-14 file).
     */
    public static final String PAIN_001_001_09_CLASSPATH = "/pain.001.001.09.xsd";
    /**
     * Classpath location of the German DK (Deutsche Kreditwirtschaft) pain.001.001.03 schema in the same artifact:
     * the EPC SEPA restriction of .03 under the ISO namespace, for SEPA bank profiles that want the strict check.
     */
    public static final String PAIN_001_001_03_DK_CLASSPATH = "/pain.001.001.03.xsd";
    /** Classpath location of the official ISO 20022 pain.002.001.10 schema (same artifact). */
    public static final String PAIN_002_001_10_CLASSPATH = "/pain.002.001.10.xsd";

    /** Problems kept per document; the total is still counted beyond it. */
    public static final int MAX_REPORTED_PROBLEMS = 200;

    private final Schema schema;
    private final String schemaName;

    private XsdValidator(Schema schema, String schemaName) {
        this.schema = schema;
        this.schemaName = schemaName;
    }

    /** Compiles a schema file, e.g. the one a bank profile configures. */
    public static XsdValidator fromFile(Path xsd) {
        Objects.requireNonNull(xsd, "schema path");
        if (!Files.isRegularFile(xsd)) {
            throw new PaymentFormatException("Schema file " + xsd.toAbsolutePath()
                    + " does not exist or is not a file; check the bank profile's schema setting");
        }
        try {
            return fromUrl(xsd.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new PaymentFormatException("Schema path " + xsd + " cannot be turned into a URL", e);
        }
    }

    /** Compiles a schema from a file: or jar: URL; network URLs are refused, the schema's includes likewise. */
    public static XsdValidator fromUrl(URL xsd) {
        Objects.requireNonNull(xsd, "schema URL");
        String protocol = xsd.getProtocol();
        if (!"file".equals(protocol) && !"jar".equals(protocol)) {
            // the factory's access restriction covers includes/imports, not the schema document itself
            throw new PaymentFormatException("Schema " + xsd + " uses " + protocol + ":, but schemas are only loaded "
                    + "from files or the classpath; download the bank's schema and configure its file path");
        }
        try {
            Schema schema = SafeXml.schemaFactory().newSchema(xsd);
            return new XsdValidator(schema, shortName(xsd.toString()));
        } catch (SAXException e) {
            throw new PaymentFormatException("Schema " + xsd + " cannot be compiled: " + e.getMessage(), e);
        }
    }

    /** Compiles a schema found on the classpath, e.g. {@link #PAIN_001_001_09_CLASSPATH}. */
    public static XsdValidator fromClasspath(String resource) {
        URL url = XsdValidator.class.getResource(resource);
        if (url == null) {
            throw new PaymentFormatException("Schema " + resource + " is not on the classpath; the dependency that "
                    + "ships it (com.github.hbci4j:hbci4j-core) is missing, or configure the schema file explicitly");
        }
        return fromUrl(url);
    }

    private static volatile XsdValidator defaultPain001v09;

    /**
     * The default pain.001.001.09 schema, compiled once per JVM (about 0.3 s); a missing schema is reported each
     * time with {@link PaymentFormatException}, never as a class-initialisation error.
     */
    public static XsdValidator pain001v09() {
        XsdValidator validator = defaultPain001v09;
        if (validator == null) {
            synchronized (XsdValidator.class) {
                validator = defaultPain001v09;
                if (validator == null) {
                    validator = fromClasspath(PAIN_001_001_09_CLASSPATH);
                    defaultPain001v09 = validator;
                }
            }
        }
        return validator;
    }

    public String schemaName() {
        return schemaName;
    }

    /** Validates a file, streaming it. */
    public SchemaValidationResult validate(Path xml) {
        try (InputStream in = Files.newInputStream(xml)) {
            StreamSource source = new StreamSource(in, xml.toUri().toString());
            return validate(source, xml.getFileName().toString());
        } catch (IOException e) {
            throw new PaymentFormatException("Cannot read " + xml + " for schema validation: " + e.getMessage(), e);
        }
    }

    /**
     * Validates a document given as a stream, SAX or DOM source. Well-formedness errors end the validation (the
     * parser cannot go on) and are reported as a FATAL problem; schema violations are all collected.
     */
    public SchemaValidationResult validate(Source source, String documentName) {
        Collector collector = new Collector();
        try {
            if (source instanceof DOMSource) {
                Validator validator = newValidator(collector);
                validator.validate(source);
            } else {
                InputSource input = toInputSource(source);
                ValidatorHandler handler = schema.newValidatorHandler();
                handler.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                handler.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                handler.setErrorHandler(collector);
                handler.setContentHandler(collector.pathTracker);
                XMLReader reader = SafeXml.saxReader();
                reader.setContentHandler(handler);
                reader.setErrorHandler(collector);
                reader.parse(input);
            }
        } catch (SAXParseException e) {
            if (!collector.sawFatal) {
                collector.add(SchemaProblem.Severity.FATAL, e);
            }
        } catch (SAXException e) {
            collector.add(SchemaProblem.Severity.FATAL, -1, -1, e.getMessage());
        } catch (IOException e) {
            throw new PaymentFormatException("Cannot read " + documentName + " for schema validation: "
                    + e.getMessage(), e);
        }
        return new SchemaValidationResult(documentName, schemaName, collector.problems, collector.total);
    }

    private Validator newValidator(ErrorHandler errors) throws SAXException {
        Validator validator = schema.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.setErrorHandler(errors);
        return validator;
    }

    private static InputSource toInputSource(Source source) {
        if (source instanceof StreamSource) {
            StreamSource s = (StreamSource) source;
            InputSource in = new InputSource(s.getSystemId());
            if (s.getInputStream() != null) {
                in.setByteStream(s.getInputStream());
            } else if (s.getReader() != null) {
                in.setCharacterStream(s.getReader());
            } else if (s.getSystemId() == null) {
                throw new PaymentFormatException("The XML source to validate has neither content nor a location");
            } else if (!s.getSystemId().startsWith("file:")) {
                throw new PaymentFormatException("Only local files are validated by location, not "
                        + s.getSystemId() + "; pass the content as a stream");
            }
            return in;
        }
        if (source instanceof SAXSource) {
            return ((SAXSource) source).getInputSource();
        }
        throw new PaymentFormatException("Unsupported XML source type for validation: " + source.getClass().getName()
                + " (use a StreamSource, SAXSource or DOMSource)");
    }

    private static String shortName(String location) {
        int slash = location.lastIndexOf('/');
        return slash >= 0 ? location.substring(slash + 1) : location;
    }

    /** Collects problems and knows the element being validated when one is reported. */
    private static final class Collector implements ErrorHandler {
        final List<SchemaProblem> problems = new ArrayList<>();
        final Deque<String> path = new ArrayDeque<>();
        final DefaultHandler pathTracker = new DefaultHandler() {
            @Override
            public void startElement(String uri, String localName, String qName, Attributes attributes) {
                path.addLast(localName);
            }

            @Override
            public void endElement(String uri, String localName, String qName) {
                path.pollLast();
            }
        };
        int total;
        boolean sawFatal;

        @Override
        public void warning(SAXParseException e) {
            add(SchemaProblem.Severity.WARNING, e);
        }

        @Override
        public void error(SAXParseException e) {
            add(SchemaProblem.Severity.ERROR, e);
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            add(SchemaProblem.Severity.FATAL, e);
            sawFatal = true;
            throw e;
        }

        void add(SchemaProblem.Severity severity, SAXParseException e) {
            add(severity, e.getLineNumber(), e.getColumnNumber(), e.getMessage());
        }

        void add(SchemaProblem.Severity severity, int line, int column, String message) {
            if (severity == SchemaProblem.Severity.WARNING) {
                return;
            }
            total++;
            if (problems.size() < MAX_REPORTED_PROBLEMS) {
                String where = path.isEmpty() ? "" : "/" + String.join("/", path);
                problems.add(new SchemaProblem(severity, line, column, where, message));
            }
        }
    }
}
