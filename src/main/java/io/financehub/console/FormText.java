package io.financehub.console;

import io.financehub.api.StrictJson;
import io.financehub.governance.masking.SafeText;
import java.util.Optional;

/** A free text from a console form (a reason) read by the API's rule for reasons: line breaks and tabs, no other control character, at most 10,000 characters. */
final class FormText {

    static final int MAX = 10_000;

    private FormText() {
    }

    static Optional<String> problem(String field, String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("a " + field + " is required: say why.");
        }
        if (text.length() > MAX) {
            return Optional.of("the " + field + " has " + text.length() + " characters; at most " + MAX + " are taken.");
        }
        int at = SafeText.firstControlCharacter(text, true);
        if (at >= 0) {
            return Optional.of("the " + field + " contains a control character at position " + (at + 1) + "; write plain text.");
        }
        return Optional.empty();
    }
}
