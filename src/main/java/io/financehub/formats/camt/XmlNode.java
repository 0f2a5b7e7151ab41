package io.financehub.formats.camt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small, read-only element tree for one camt entry or header block. The reader streams the file
 * and materialises only one such subtree at a time, which keeps memory bounded by the largest entry
 * while letting the mapping code read nested, version-dependent paths simply.
 */
final class XmlNode {

    private static final List<XmlNode> NONE = List.of();

    final String name;
    final int line;
    final int column;
    String currency;
    String text = "";
    private List<XmlNode> children = NONE;

    XmlNode(String name, int line, int column) {
        this.name = name;
        this.line = line;
        this.column = column;
    }

    void add(XmlNode child) {
        if (children == NONE) {
            children = new ArrayList<>(4);
        }
        children.add(child);
    }

    List<XmlNode> children() {
        return children;
    }

    /** First descendant along the child path, e.g. {@code child("Tp", "CdOrPrtry", "Cd")}. */
    XmlNode child(String... path) {
        XmlNode current = this;
        for (String step : path) {
            XmlNode found = null;
            for (XmlNode c : current.children) {
                if (c.name.equals(step)) {
                    found = c;
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            current = found;
        }
        return current;
    }

    /** All children with this name. */
    List<XmlNode> all(String childName) {
        List<XmlNode> out = new ArrayList<>(2);
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    /** All nodes reached by the path, following every branch (e.g. every {@code NtryDtls/TxDtls}). */
    List<XmlNode> allAlong(String... path) {
        List<XmlNode> current = List.of(this);
        for (String step : path) {
            List<XmlNode> next = new ArrayList<>();
            for (XmlNode n : current) {
                next.addAll(n.all(step));
            }
            current = next;
        }
        return current;
    }

    /** Trimmed text at the path, empty when absent or blank. */
    Optional<String> text(String... path) {
        XmlNode n = child(path);
        return n == null || n.text.isEmpty() ? Optional.empty() : Optional.of(n.text);
    }

    String textOrNull(String... path) {
        XmlNode n = child(path);
        return n == null || n.text.isEmpty() ? null : n.text;
    }

    /** First non-empty text among alternative paths (schema versions renamed elements, e.g. BIC/BICFI). */
    String firstText(String[]... paths) {
        for (String[] p : paths) {
            String t = textOrNull(p);
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
