package io.financehub.mapping;

/** One problem in a mapping file: where (file and line) and what is wrong, phrased for the integrator. */
public record MappingError(String file, int line, String reason) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + reason;
    }
}
