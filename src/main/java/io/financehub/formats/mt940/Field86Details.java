package io.financehub.formats.mt940;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The information to account owner ({@code :86:}) of an MT940 line, split into its parts for the two
 * structured dialects that matter in practice, with plain text for everything else:
 *
 * <ul>
 *   <li><b>German (DK/DFÜ)</b>: {@code GVC?00posting text?10prima nota?20..?29 remittance?30 BLZ/BIC
 *       ?31 account/IBAN?32?33 name?34 return code?60..?63 more remittance}. Inside the remittance the
 *       SEPA keys {@code EREF+ KREF+ MREF+ CRED+ DEBT+ SVWZ+ ABWA+ ABWE+ COAM+ OAMT+} are split out;
 *       {@code SVWZ+} (or, without keys, the whole text) is the remittance. The separator is usually
 *       {@code ?} but the standard lets the bank choose it (the character after the GVC).</li>
 *   <li><b>Dutch (ING, Rabobank, ABN AMRO SEPA)</b>: {@code /KEY/value} pairs such as {@code /TRTP/},
 *       {@code /IBAN/}, {@code /BIC/}, {@code /NAME/}, {@code /REMI/}, {@code /EREF/}, {@code /MARF/},
 *       {@code /CSID/}, {@code /RTRN/}, and the composite {@code /CNTP/account/BIC/name/city/} (also
 *       {@code /BENM/}, {@code /ORDP/}).</li>
 * </ul>
 * Line breaks inside {@code :86:} are transport wrapping (the field is 6 x 65 characters), so lines
 * are joined without a separator for the structured dialects and with a space for free text.
 */
public record Field86Details(
        Dialect dialect,
        Optional<String> transactionCode,
        Optional<String> postingText,
        Optional<String> remittance,
        Optional<String> endToEndId,
        Optional<String> customerReference,
        Optional<String> mandateId,
        Optional<String> creditorId,
        Optional<String> creditorReference,
        Optional<String> counterpartyName,
        Optional<String> counterpartyAccount,
        Optional<String> counterpartyBic,
        Optional<String> returnReason,
        String raw) {

    /** Which convention the field follows. */
    public enum Dialect {
        GERMAN,
        DUTCH,
        FREE_TEXT
    }

    private static final Pattern GERMAN_START = Pattern.compile("^(\\d{3})([^\\w\\s])\\d{2}");
    private static final Pattern SEPA_KEY = Pattern.compile("(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|IBAN|BIC)\\+");
    private static final List<String> DUTCH_KEYS = List.of("TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID",
            "CNTP", "ORDP", "BENM", "ULTD", "ULTC", "ULTB", "PURP", "RTRN", "PREF", "ISDT", "SUM", "ADDR", "CDTRREFTP",
            "CDTRREF", "CD", "SCOR", "ISSR", "TRCD", "ID", "BUSP", "SVCL", "CREF", "IREF", "RREF", "ACCW", "EXCH", "OCMT",
            "CHGS", "FX");
    private static final Pattern DUTCH_KEY = Pattern.compile("/(" + String.join("|", DUTCH_KEYS) + ")/");

    public static Field86Details parse(List<String> lines) {
        String joined = String.join("", lines);
        String raw = String.join("\n", lines);
        Matcher german = GERMAN_START.matcher(joined);
        if (german.find()) {
            return german(german.group(1), german.group(2).charAt(0), joined, lines, raw);
        }
        if (joined.startsWith("/") && DUTCH_KEY.matcher(joined).find()) {
            return dutch(joined, raw);
        }
        String text = String.join(" ", lines.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        return new Field86Details(Dialect.FREE_TEXT, Optional.empty(), Optional.empty(), opt(text), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), raw);
    }

    private static Field86Details german(String gvc, char separator, String joined, List<String> lines, String raw) {
        Map<String, StringBuilder> fields = new LinkedHashMap<>();
        // split on <sep><2 digits>; the text before the first separator is the GVC
        String body = joined.substring(3);
        String sep = Pattern.quote(String.valueOf(separator));
        for (String part : body.split(sep)) {
            if (part.length() < 2 || !Character.isDigit(part.charAt(0)) || !Character.isDigit(part.charAt(1))) {
                continue;
            }
            String code = part.substring(0, 2);
            fields.computeIfAbsent(code, k -> new StringBuilder()).append(part.substring(2));
        }
        StringBuilder remittanceRaw = new StringBuilder();
        java.util.Set<Integer> boundaries = new java.util.HashSet<>();
        int previousLength = 27;
        for (String code : List.of("20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "60", "61", "62", "63")) {
            StringBuilder v = fields.get(code);
            if (v != null) {
                // a subfield holds up to 27 characters: a full one was wrapped mid-text, a shorter one ended a phrase
                if (remittanceRaw.length() > 0 && previousLength < 27) {
                    remittanceRaw.append(' ');
                }
                boundaries.add(remittanceRaw.length());
                remittanceRaw.append(v);
                previousLength = v.length();
            }
        }
        String remittanceText = remittanceRaw.toString();
        Map<String, String> sepa = sepaKeys(remittanceText, boundaries);
        String remittance = sepa.isEmpty() ? remittanceText.strip() : sepa.get("SVWZ");
        String name = join(fields.get("32"), fields.get("33"));
        return new Field86Details(Dialect.GERMAN, opt(gvc), opt(str(fields.get("00"))),
                opt(remittance), opt(sepa.get("EREF")).filter(s -> !s.equalsIgnoreCase("NOTPROVIDED")),
                opt(sepa.get("KREF")), opt(sepa.get("MREF")), opt(sepa.get("CRED")), Optional.empty(),
                opt(name != null ? name : sepa.get("ABWA")), opt(str(fields.get("31"))), opt(str(fields.get("30"))),
                opt(str(fields.get("34"))), raw);
    }

    private static Map<String, String> sepaKeys(String text, java.util.Set<Integer> boundaries) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SEPA_KEY.matcher(text);
        List<int[]> hits = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            // a key only counts at a subfield start or after a non-alphanumeric character, not inside a word ("DEBIT+")
            if (m.start() > 0 && !boundaries.contains(m.start()) && Character.isLetterOrDigit(text.charAt(m.start() - 1))) {
                continue;
            }
            hits.add(new int[] {m.start(), m.end()});
            keys.add(m.group(1));
        }
        for (int i = 0; i < hits.size(); i++) {
            int valueEnd = i + 1 < hits.size() ? hits.get(i + 1)[0] : text.length();
            out.putIfAbsent(keys.get(i), text.substring(hits.get(i)[1], valueEnd).strip());
        }
        return out;
    }

    private static Field86Details dutch(String joined, String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = DUTCH_KEY.matcher(joined);
        List<int[]> hits = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        int from = 0;
        while (m.find(from)) {
            hits.add(new int[] {m.start(), m.end()});
            keys.add(m.group(1));
            from = m.end() - 1;
            if (m.group(1).equals("CNTP") || m.group(1).equals("BENM") || m.group(1).equals("ORDP")) {
                // composite: account/BIC/name/city/ — consume its four sub-values as one value
                int pos = m.end();
                for (int i = 0; i < 4 && pos <= joined.length(); i++) {
                    int slash = joined.indexOf('/', pos);
                    pos = slash < 0 ? joined.length() + 1 : slash + 1;
                }
                from = Math.max(from, Math.min(pos - 1, joined.length()));
            }
            if (from >= joined.length()) {
                break;
            }
        }
        for (int i = 0; i < hits.size(); i++) {
            int valueEnd = i + 1 < hits.size() ? hits.get(i + 1)[0] : joined.length();
            String value = joined.substring(hits.get(i)[1], Math.max(hits.get(i)[1], valueEnd));
            if (value.endsWith("/")) {
                value = value.substring(0, value.length() - 1);
            }
            values.putIfAbsent(keys.get(i), value.strip());
        }
        String account = values.get("IBAN");
        String bic = values.get("BIC");
        String name = values.get("NAME");
        for (String composite : List.of("CNTP", "BENM", "ORDP")) {
            String v = values.get(composite);
            if (v != null) {
                String[] parts = v.split("/", -1);
                if (account == null && parts.length > 0 && !parts[0].isBlank()) {
                    account = parts[0];
                }
                if (bic == null && parts.length > 1 && !parts[1].isBlank()) {
                    bic = parts[1];
                }
                if (name == null && parts.length > 2 && !parts[2].isBlank()) {
                    name = parts[2];
                }
            }
        }
        String remi = values.get("REMI");
        String structured = null;
        if (remi != null && remi.startsWith("USTD/")) {
            // ING: /REMI/USTD//free text/
            remi = remi.substring(5).replaceFirst("^/", "");
        } else if (remi != null && remi.startsWith("STRD/")) {
            // /REMI/STRD/CUR/<ref>/ : a structured creditor reference
            String[] parts = remi.split("/");
            structured = parts.length >= 3 ? parts[parts.length - 1] : null;
            remi = null;
        }
        return new Field86Details(Dialect.DUTCH, Optional.empty(), opt(values.get("TRTP")), opt(remi),
                opt(values.get("EREF")).filter(s -> !s.equalsIgnoreCase("NOTPROVIDED")), Optional.empty(),
                opt(values.get("MARF")), opt(values.get("CSID")), opt(structured != null ? structured : values.get("CDTRREF")),
                opt(name), opt(account), opt(bic), opt(values.get("RTRN")), raw);
    }

    private static String join(StringBuilder a, StringBuilder b) {
        String s = (a == null ? "" : a.toString()) + (b == null ? "" : b.toString());
        return s.isBlank() ? null : s.strip();
    }

    private static String str(StringBuilder sb) {
        return sb == null ? null : sb.toString();
    }

    private static Optional<String> opt(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
