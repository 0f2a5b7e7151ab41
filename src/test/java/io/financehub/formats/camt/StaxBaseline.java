package io.financehub.formats.camt;

import io.financehub.formats.xml.SafeXml;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's yardstick: one plain StAX pass over a camt file that only counts entries and touches every
 * text node, with the same parser factory the reader uses. reader time / baseline time is the cost of mapping.
 */
public final class StaxBaseline {

    private StaxBaseline() {
    }

    /** Number of {@code Ntry} elements; the text length sum keeps the JIT from skipping the character work. */
    public static long countEntries(Path file) throws IOException, XMLStreamException {
        long entries = 0;
        long textLength = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            XMLStreamReader r = SafeXml.inputFactory().createXMLStreamReader(in);
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("Ntry")) {
                    entries++;
                } else if (event == XMLStreamConstants.CHARACTERS) {
                    textLength += r.getTextLength();
                }
            }
            r.close();
        }
        return textLength < 0 ? -1 : entries;
    }
}
