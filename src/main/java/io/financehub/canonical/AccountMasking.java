package io.financehub.canonical;

/**
 * Masks bank account identifiers for anything a person reads (logs, audit summaries, error bodies):
 * the country prefix of an IBAN and the last four characters stay, everything else becomes '*'.
 */
public final class AccountMasking {

    private AccountMasking() {
    }

    public static String mask(String account) {
        if (account == null) {
            return "";
        }
        String compact = account.replaceAll("\\s", "");
        if (compact.length() <= 4) {
            return "*".repeat(compact.length());
        }
        int keepStart = Character.isLetter(compact.charAt(0)) && compact.length() > 8 ? 2 : 0;
        int keepEnd = 4;
        StringBuilder out = new StringBuilder(compact.length());
        out.append(compact, 0, keepStart);
        out.append("*".repeat(compact.length() - keepStart - keepEnd));
        out.append(compact, compact.length() - keepEnd, compact.length());
        return out.toString();
    }
}
