package io.financehub.canonical.payment;

import java.util.Objects;
import java.util.Optional;

/**
 * What the creditor needs to match the money: free text (invoice numbers), and/or a structured creditor
 * reference (ISO 11649 "RF..." or a national scheme). SEPA files carry only one of the two.
 */
public record Remittance(Optional<String> unstructured, Optional<String> creditorReference) {

    public static final Remittance NONE = new Remittance(Optional.empty(), Optional.empty());

    public Remittance {
        Objects.requireNonNull(unstructured, "Remittance.unstructured must be Optional.empty(), not null");
        Checks.optionalText(creditorReference, "Remittance", "creditorReference", 35);
    }

    public static Remittance unstructured(String text) {
        return new Remittance(Optional.of(text), Optional.empty());
    }

    public static Remittance creditorReference(String reference) {
        return new Remittance(Optional.empty(), Optional.of(reference));
    }

    public boolean isEmpty() {
        return unstructured.isEmpty() && creditorReference.isEmpty();
    }

    /** True for an ISO 11649 reference: "RF", two check digits, up to 21 characters, mod-97 = 1. */
    public static boolean isIso11649(String reference) {
        String ref = reference.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        if (!ref.matches("RF[0-9]{2}[A-Z0-9]{1,21}")) {
            return false;
        }
        String rearranged = ref.substring(4) + ref.substring(0, 4);
        int mod = 0;
        for (char c : rearranged.toCharArray()) {
            int v = Character.digit(c, 36);
            mod = (v > 9 ? mod * 100 + v : mod * 10 + v) % 97;
        }
        return mod == 1;
    }
}
