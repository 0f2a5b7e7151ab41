package io.financehub.formats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.financehub.formats.csv.CsvLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads the example CSV layouts under src/test/resources/csv-layouts the way the hub loads mappings/csv-layouts. */
public final class TestLayouts {

    public static final List<String> IDS = List.of("oca-generic-en", "oca-dc-indicator", "oca-debit-credit-columns", "oca-balance",
            "oca-metadata-credit-debit", "commerzbank-de", "ing-de", "sparkasse-camt-csv", "sparkasse-mt940-csv", "atruvia-de");

    private TestLayouts() {
    }

    @SuppressWarnings("unchecked")
    public static CsvLayout load(String id) {
        try (InputStream in = TestLayouts.class.getResourceAsStream("/csv-layouts/" + id + ".yaml")) {
            if (in == null) {
                throw new IllegalArgumentException("No example layout " + id);
            }
            return CsvLayout.fromMap(new ObjectMapper(new YAMLFactory()).readValue(in, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<CsvLayout> all() {
        List<CsvLayout> out = new ArrayList<>();
        for (String id : IDS) {
            out.add(load(id));
        }
        return out;
    }
}
