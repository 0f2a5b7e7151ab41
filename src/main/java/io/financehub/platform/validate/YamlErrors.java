package io.financehub.platform.validate;

import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/** Turns what Camel and its YAML parser throw into a line and a sentence for the integrator. */
final class YamlErrors {

    private YamlErrors() {
    }

    /** The 1-based line a YAML problem was found on, 0 when unknown. */
    static int line(Throwable t) {
        if (t instanceof MarkedYamlEngineException marked) {
            return marked.getProblemMark().or(marked::getContextMark).map(m -> m.getLine() + 1).orElse(0);
        }
        return 0;
    }

    /** The innermost message that says something, on one line, without Camel's stack of wrappers. */
    static String describe(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t instanceof MarkedYamlEngineException marked ? marked.getProblem() : t.getMessage();
            if (message != null && !message.isBlank()) {
                best = message;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String text = best == null ? e.getClass().getSimpleName() : best;
        return text.replaceAll("\\s*\\n\\s*", " ").trim();
    }
}
