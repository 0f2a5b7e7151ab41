package io.financehub.formats.xml;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The one place the hub's XML parsers are made, for documents from outside (banks, uploads): no DTDs, no external
 * entities, no XInclude, no external schema or DTD access (StAX, DOM, SAX, and the schema factory). An XXE or billion-laughs payload therefore fails
 * instead of expanding. StAX users must additionally reject the {@code DTD} event (the JDK parser
 * reports a DOCTYPE as an event even when DTD support is off); the readers in this package do.
 *
 * <p>The JDK's own StAX implementation is used on purpose ({@link XMLInputFactory#newDefaultFactory()}),
 * so that security behaviour does not depend on which StAX provider happens to be on the class path.
 */
public final class SafeXml {

    private SafeXml() {
    }

    /** A new StAX input factory with DTDs and external entities disabled; not coalescing, namespace aware. */
    public static XMLInputFactory inputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /** A DOM builder that refuses any DOCTYPE, for small documents where a tree is the right tool. */
    public static DocumentBuilder documentBuilder() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK XML parser does not support the required security features", e);
        }
    }

    /**
     * As {@link #inputFactory}, with entity references reported as {@code ENTITY_REFERENCE} events instead of replaced,
     * for readers that refuse them outright (pain.002).
     */
    public static XMLInputFactory entityReportingInputFactory() {
        XMLInputFactory factory = inputFactory();
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return factory;
    }

    /** A namespace-aware SAX reader that fails on any DOCTYPE (the schema validator reads documents with it). */
    public static XMLReader saxReader() {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("The JDK XML parser does not support the hardening features", e);
        }
    }

    /**
     * A schema factory that may read the schema's own includes/imports from files or jars, and nothing over the
     * network; the documents validated with it may not pull in schemas or DTDs at all.
     */
    public static SchemaFactory schemaFactory() {
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
            return factory;
        } catch (SAXException e) {
            throw new IllegalStateException("The JDK schema factory does not support the hardening properties", e);
        }
    }

    private static void trySet(XMLInputFactory factory, String property, Object value) {
        try {
            factory.setProperty(property, value);
        } catch (IllegalArgumentException ignored) {
            // not every StAX implementation knows the JAXP 1.5 properties; DTD support is off anyway
        }
    }
}
