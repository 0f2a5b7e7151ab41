package io.financehub.platform.validate;

/** One problem found by {@code validate}: where (file and line, 0 when the whole file) and what to fix. */
record Finding(String file, int line, String message) {

    static Finding at(String file, int line, String message) {
        return new Finding(file, Math.max(0, line), message);
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
