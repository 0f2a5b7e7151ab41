package io.financehub.canonical.payment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a bank gave a status: an ISO reason code (AC01 wrong account, AM04 insufficient funds, DU01 duplicate
 * message, NARR see text...) or a bank-proprietary one, plus the bank's free text lines.
 */
public record StatusReason(Optional<String> code, Optional<String> proprietaryCode, List<String> additionalInformation) {

    public StatusReason {
        Objects.requireNonNull(code, "StatusReason.code must be Optional.empty(), not null");
        Objects.requireNonNull(proprietaryCode, "StatusReason.proprietaryCode must be Optional.empty(), not null");
        additionalInformation = Checks.list(additionalInformation, "StatusReason", "additionalInformation");
    }

    public static StatusReason of(String code, String... additionalInformation) {
        return new StatusReason(Optional.of(code), Optional.empty(), List.of(additionalInformation));
    }

    /** The ISO code, else the proprietary one, else empty: what to show an operator first. */
    public String displayCode() {
        return code.or(() -> proprietaryCode).orElse("");
    }

    /** Code and text in one line, for chatter messages and exception items. */
    public String describe() {
        String text = String.join(" ", additionalInformation).trim();
        String shown = displayCode();
        if (shown.isEmpty()) {
            return text;
        }
        return text.isEmpty() ? shown : shown + ": " + text;
    }
}
