package io.financehub.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** Start-up refused because the mapping tables have errors; lists every one of them. */
public class MappingException extends RuntimeException {

    private final List<MappingError> errors;

    public MappingException(String directory, List<MappingError> errors) {
        super("The mappings in " + directory + " have " + errors.size() + " error(s); fix them and restart:\n"
                + errors.stream().map(e -> "  - " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<MappingError> errors() {
        return errors;
    }
}
