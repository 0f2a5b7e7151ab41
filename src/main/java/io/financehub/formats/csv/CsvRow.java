package io.financehub.formats.csv;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of the generic positional Bindy rows: exposes the parsed cells in column order, whatever the
 * delimiter class. Trailing empty cells are trimmed so that the row length is the real column count.
 */
public abstract class CsvRow {

    /** How many columns a generic row can hold; wider exports are rejected with a clear message. */
    public static final int MAX_COLUMNS = 64;

    private static final Map<Class<?>, Field[]> FIELDS = new ConcurrentHashMap<>();

    public List<String> cells() {
        Field[] fields = FIELDS.computeIfAbsent(getClass(), c -> Arrays.stream(c.getDeclaredFields())
                .filter(f -> f.getName().matches("c\\d\\d"))
                .sorted(Comparator.comparing(Field::getName))
                .toArray(Field[]::new));
        List<String> out = new ArrayList<>(fields.length);
        try {
            for (Field f : fields) {
                Object v = f.get(this);
                out.add(v == null ? "" : v.toString());
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Generic CSV row fields must be public", e);
        }
        int end = out.size();
        while (end > 0 && out.get(end - 1).isEmpty()) {
            end--;
        }
        return new ArrayList<>(out.subList(0, end));
    }
}
