package io.financehub.formats.pain;

import com.prowidesoftware.swift.model.mx.JaxbContextLoader;
import com.prowidesoftware.swift.model.mx.adapters.TypeAdaptersConfiguration;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import javax.xml.namespace.NamespaceContext;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Streams an ISO 20022 document made of Prowide model fragments: the envelope is written here, each fragment
 * (group header, block header, one transaction) is marshalled by JAXB with Prowide's context and type adapters
 * and then dropped, so memory stays flat however many payments a file holds.
 *
 * <p>Prowide's dictionary classes are deliberately not bound to a namespace (one class serves many message
 * versions), so JAXB emits their elements without one; this writer puts every element into the document's
 * default namespace, as Prowide's own writer does, and indents the output for people reading bank files.
 */
final class IsoFragmentWriter {

    private final Marshaller marshaller;
    private final XMLStreamWriter out;
    private final DefaultNamespaceWriter view;
    private final String namespace;

    IsoFragmentWriter(Class<?> messageClass, Class<?>[] modelClasses, String namespace, Writer target) {
        this.namespace = namespace;
        try {
            JAXBContext context = JaxbContextLoader.INSTANCE.get(messageClass, modelClasses);
            marshaller = context.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
            for (XmlAdapter<?, ?> adapter : new TypeAdaptersConfiguration().asList()) {
                marshaller.setAdapter(adapter);
            }
            out = XMLOutputFactory.newFactory().createXMLStreamWriter(target);
            view = new DefaultNamespaceWriter(out);
        } catch (JAXBException | ExecutionException | XMLStreamException e) {
            throw new PaymentFormatException("Cannot set up the ISO 20022 writer: " + e.getMessage(), e);
        }
    }

    /** Writes the XML declaration and opens {@code <Document xmlns="...">}. */
    void startDocument() throws XMLStreamException {
        out.writeStartDocument("UTF-8", "1.0");
        view.writeStartElement("Document");
        out.writeDefaultNamespace(namespace);
    }

    void startElement(String name) throws XMLStreamException {
        view.writeStartElement(name);
    }

    void endElement() throws XMLStreamException {
        view.writeEndElement();
    }

    /** Marshals one model object as a complete element. */
    <T> void fragment(String name, Class<T> type, T value) {
        marshal(name, type, value, false);
    }

    /**
     * Marshals a model object but leaves its element open, so children that come last in its sequence (the
     * transactions of a PmtInf) can be streamed after it; close it with {@link #endElement()}.
     */
    <T> void openFragment(String name, Class<T> type, T value) {
        marshal(name, type, value, true);
    }

    void endDocument() throws XMLStreamException {
        while (view.depth() > 0) {
            view.writeEndElement();
        }
        out.writeCharacters("\n");
        out.writeEndDocument();
        out.flush();
    }

    private <T> void marshal(String name, Class<T> type, T value, boolean leaveOpen) {
        try {
            view.beginFragment(leaveOpen);
            marshaller.marshal(new JAXBElement<>(new QName(namespace, name), type, value), view);
        } catch (JAXBException e) {
            throw new PaymentFormatException("Rendering <" + name + "> failed: " + e.getMessage(), e);
        }
    }

    /** Writes every element unprefixed in the default namespace, drops JAXB's declarations, indents. */
    private static final class DefaultNamespaceWriter implements XMLStreamWriter {
        private final XMLStreamWriter out;
        /** Per open element: whether it has child elements (its end tag then goes on its own line). */
        private final Deque<boolean[]> open = new ArrayDeque<>();
        private int fragmentDepth = -1;
        private boolean leaveFragmentOpen;

        DefaultNamespaceWriter(XMLStreamWriter out) {
            this.out = out;
        }

        int depth() {
            return open.size();
        }

        void beginFragment(boolean leaveOpen) {
            fragmentDepth = open.size();
            leaveFragmentOpen = leaveOpen;
        }

        @Override
        public void writeStartElement(String localName) throws XMLStreamException {
            if (!open.isEmpty()) {
                open.peekLast()[0] = true;
            }
            out.writeCharacters("\n");
            indent(open.size());
            out.writeStartElement(localName);
            open.addLast(new boolean[] {false});
        }

        @Override
        public void writeStartElement(String namespaceURI, String localName) throws XMLStreamException {
            writeStartElement(localName);
        }

        @Override
        public void writeStartElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
            writeStartElement(localName);
        }

        @Override
        public void writeEndElement() throws XMLStreamException {
            if (leaveFragmentOpen && open.size() - 1 == fragmentDepth) {
                leaveFragmentOpen = false;
                return;
            }
            boolean[] hadChildren = open.pollLast();
            if (hadChildren != null && hadChildren[0]) {
                out.writeCharacters("\n");
                indent(open.size());
            }
            out.writeEndElement();
        }

        private void indent(int level) throws XMLStreamException {
            for (int i = 0; i < level; i++) {
                out.writeCharacters("  ");
            }
        }

        @Override
        public void writeEmptyElement(String localName) throws XMLStreamException {
            writeStartElement(localName);
            writeEndElement();
        }

        @Override
        public void writeEmptyElement(String namespaceURI, String localName) throws XMLStreamException {
            writeEmptyElement(localName);
        }

        @Override
        public void writeEmptyElement(String prefix, String localName, String namespaceURI) throws XMLStreamException {
            writeEmptyElement(localName);
        }

        @Override
        public void writeEndDocument() {
            // the envelope owns the document end
        }

        @Override
        public void close() {
            // the envelope owns the stream
        }

        @Override
        public void flush() throws XMLStreamException {
            out.flush();
        }

        @Override
        public void writeAttribute(String localName, String value) throws XMLStreamException {
            out.writeAttribute(localName, value);
        }

        @Override
        public void writeAttribute(String prefix, String namespaceURI, String localName, String value)
                throws XMLStreamException {
            out.writeAttribute(localName, value);
        }

        @Override
        public void writeAttribute(String namespaceURI, String localName, String value) throws XMLStreamException {
            out.writeAttribute(localName, value);
        }

        @Override
        public void writeNamespace(String prefix, String namespaceURI) {
            // every element is in the default namespace declared on <Document>
        }

        @Override
        public void writeDefaultNamespace(String namespaceURI) {
            // declared once on <Document>
        }

        @Override
        public void writeComment(String data) throws XMLStreamException {
            out.writeComment(data);
        }

        @Override
        public void writeProcessingInstruction(String target) throws XMLStreamException {
            out.writeProcessingInstruction(target);
        }

        @Override
        public void writeProcessingInstruction(String target, String data) throws XMLStreamException {
            out.writeProcessingInstruction(target, data);
        }

        @Override
        public void writeCData(String data) throws XMLStreamException {
            out.writeCharacters(data);
        }

        @Override
        public void writeDTD(String dtd) {
            // never written into a payment file
        }

        @Override
        public void writeEntityRef(String name) {
            // never written into a payment file
        }

        @Override
        public void writeStartDocument() {
            // the envelope owns the declaration
        }

        @Override
        public void writeStartDocument(String version) {
            // the envelope owns the declaration
        }

        @Override
        public void writeStartDocument(String encoding, String version) {
            // the envelope owns the declaration
        }

        @Override
        public void writeCharacters(String text) throws XMLStreamException {
            out.writeCharacters(text);
        }

        @Override
        public void writeCharacters(char[] text, int start, int len) throws XMLStreamException {
            out.writeCharacters(text, start, len);
        }

        @Override
        public String getPrefix(String uri) {
            return "";
        }

        @Override
        public void setPrefix(String prefix, String uri) {
            // prefixes are never written
        }

        @Override
        public void setDefaultNamespace(String uri) {
            // declared once on <Document>
        }

        @Override
        public void setNamespaceContext(NamespaceContext context) {
            // prefixes are never written
        }

        @Override
        public NamespaceContext getNamespaceContext() {
            return out.getNamespaceContext();
        }

        @Override
        public Object getProperty(String name) {
            return out.getProperty(name);
        }
    }
}
