package io.financehub.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.financehub.canonical.Iban;
import io.financehub.canonical.Money;
import io.financehub.formats.csv.CsvLayout;
import io.financehub.mapping.MappingTables.AccountMapping;
import io.financehub.mapping.MappingTables.AuthorityLevel;
import io.financehub.mapping.MappingTables.BankAccount;
import io.financehub.mapping.MappingTables.BankProfile;
import io.financehub.mapping.MappingTables.Budget;
import io.financehub.mapping.MappingTables.BudgetPolicy;
import io.financehub.mapping.MappingTables.Company;
import io.financehub.mapping.MappingTables.CostCentre;
import io.financehub.formats.csv.CsvLayout;
import io.financehub.mapping.MappingTables.CsvLayoutDeclaration;
import io.financehub.mapping.MappingTables.FourEyesRule;
import io.financehub.governance.audit.AuditHashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the mapping tables from a directory (or the packaged demo copy), validates every entry and every
 * cross-reference, and either returns one {@link MappingSet} or throws a {@link MappingException} listing
 * all errors with file and line, so an integrator fixes everything in one pass.
 */
public final class MappingLoader {

    public static final String COMPANIES = "companies.yaml";
    public static final String BANK_ACCOUNTS = "bank-accounts.yaml";
    public static final String CHART = "chart-of-accounts.csv";
    public static final String COST_CENTRES = "cost-centres.csv";
    public static final String BANK_PROFILES = "bank-profiles.yaml";
    public static final String APPROVAL_POLICY = "approval-policy.yaml";
    public static final String CSV_LAYOUTS = "csv-layouts.yaml";
    public static final List<String> FILES = List.of(COMPANIES, BANK_ACCOUNTS, CHART, COST_CENTRES, BANK_PROFILES,
            APPROVAL_POLICY, CSV_LAYOUTS);
    public static final String PACKAGED = "hub-defaults/mappings/";
    /** The kustomization that makes the folder the hub-mappings ConfigMap (k8s/base includes it). */
    public static final String KUSTOMIZATION = "kustomization.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<MappingError> errors = new ArrayList<>();

    private MappingLoader() {
    }

    /** Loads from {@code dir} when it is a directory, else from the copy packaged in the application. */
    public static MappingSet load(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        List<MappingError> fileErrors = new ArrayList<>();
        String source;
        if (dir != null && Files.isDirectory(dir)) {
            source = dir.toAbsolutePath().normalize().toString();
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : entries.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(".") || name.equalsIgnoreCase("README.md") || name.equals(KUSTOMIZATION) || Files.isDirectory(p)) {
                        continue; // ConfigMap mounts add ..data links; docs and the ConfigMap's kustomization are not tables
                    }
                    if (!FILES.contains(name)) {
                        fileErrors.add(new MappingError(name, 0, "unknown mapping file; expected one of " + FILES));
                        continue;
                    }
                    files.put(name, Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new MappingException(source, List.of(new MappingError(source, 0, "cannot read: " + e.getMessage())));
            }
        } else {
            source = "classpath:" + PACKAGED;
            for (String name : FILES) {
                try (InputStream in = MappingLoader.class.getClassLoader().getResourceAsStream(PACKAGED + name)) {
                    if (in != null) {
                        files.put(name, in.readAllBytes());
                    }
                } catch (IOException e) {
                    fileErrors.add(new MappingError(name, 0, "cannot read packaged copy: " + e.getMessage()));
                }
            }
        }
        MappingLoader loader = new MappingLoader();
        loader.errors.addAll(fileErrors);
        MappingSet set = loader.parse(files, source);
        if (!loader.errors.isEmpty()) {
            throw new MappingException(source, loader.errors);
        }
        return set;
    }

    static String version(Map<String, byte[]> files) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        files.forEach((name, bytes) -> {
            all.writeBytes(name.getBytes(StandardCharsets.UTF_8));
            all.write(0);
            all.writeBytes(bytes);
            all.write(0);
        });
        return "sha256:" + AuditHashing.sha256Hex(all.toByteArray());
    }

    private MappingSet parse(Map<String, byte[]> files, String source) {
        if (!files.containsKey(COMPANIES)) {
            errors.add(new MappingError(COMPANIES, 0, "missing: the hub needs at least one company"));
        }
        List<Company> companies = new ArrayList<>();
        Set<String> companyKeys = new HashSet<>();
        records(files, COMPANIES, "companies", (n, line) -> {
            String key = text(n, "key", COMPANIES, line, true);
            String odoo = text(n, "odoo-company", COMPANIES, line, true);
            String currency = currency(n, COMPANIES, line);
            boolean twice = key != null && !companyKeys.add(key);
            if (twice) {
                error(COMPANIES, line, "company key '" + key + "' is declared twice");
            }
            if (key != null && odoo != null && currency != null && !twice) {
                companies.add(new Company(key, odoo, currency, Optional.ofNullable(text(n, "country", COMPANIES, line, false)).orElse("")));
            }
        });

        List<BankProfile> profiles = new ArrayList<>();
        records(files, BANK_PROFILES, "bank-profiles", (n, line) -> {
            String id = text(n, "id", BANK_PROFILES, line, true);
            String pain = Optional.ofNullable(text(n, "pain001-version", BANK_PROFILES, line, false)).orElse("pain.001.001.09");
            if (!pain.equals("pain.001.001.09") && !pain.equals("pain.001.001.03")) {
                error(BANK_PROFILES, line, "pain001-version must be pain.001.001.09 or pain.001.001.03, not '" + pain + "'");
            }
            if (id != null) {
                profiles.add(new BankProfile(id, pain, bool(n, "requires-bic"), bool(n, "sepa-only"),
                        Optional.ofNullable(text(n, "schema", BANK_PROFILES, line, false))));
            }
        });
        Set<String> profileIds = new HashSet<>();
        profiles.forEach(p -> profileIds.add(p.id()));

        List<BankAccount> accounts = new ArrayList<>();
        Set<String> seenAccounts = new HashSet<>();
        records(files, BANK_ACCOUNTS, "bank-accounts", (n, line) -> {
            String account = text(n, "account", BANK_ACCOUNTS, line, true);
            String company = companyRef(n, BANK_ACCOUNTS, line, companyKeys);
            String journal = text(n, "journal", BANK_ACCOUNTS, line, true);
            String currency = currency(n, BANK_ACCOUNTS, line);
            String profile = text(n, "bank-profile", BANK_ACCOUNTS, line, false);
            if (account == null) {
                return;
            }
            String sanitized = MappingSet.sanitize(account);
            if (sanitized.matches("[A-Z]{2}[0-9]{2}.*") && !Iban.isValid(sanitized)) {
                error(BANK_ACCOUNTS, line, "account looks like an IBAN but is not valid: " + Iban.problem(sanitized));
            }
            boolean twice = !seenAccounts.add(sanitized);
            if (twice) {
                error(BANK_ACCOUNTS, line, "account is mapped twice");
            }
            if (profile != null && !profileIds.contains(profile)) {
                error(BANK_ACCOUNTS, line, "bank-profile '" + profile + "' is not declared in " + BANK_PROFILES);
            }
            if (company != null && journal != null && currency != null && !twice) {
                accounts.add(new BankAccount(sanitized, company, journal, currency, profile == null ? "" : profile,
                        bool(n, "keep-batch-aggregate")));
            }
        });

        List<AccountMapping> chart = new ArrayList<>();
        csv(files, CHART, List.of("company", "odoo_account", "planning_account"), (row, line) -> {
            if (!companyKeys.contains(row.get("company"))) {
                error(CHART, line, "company '" + row.get("company") + "' is not declared in " + COMPANIES);
            }
            if (chart.stream().anyMatch(a -> a.company().equals(row.get("company")) && a.odooAccount().equals(row.get("odoo_account")))) {
                error(CHART, line, "Odoo account " + row.get("odoo_account") + " is mapped twice for company " + row.get("company"));
            }
            chart.add(new AccountMapping(row.get("company"), row.get("odoo_account"), row.get("planning_account"), line));
        });

        List<CostCentre> costCentres = new ArrayList<>();
        csv(files, COST_CENTRES, List.of("company", "analytic_account", "cost_centre"), (row, line) -> {
            if (!companyKeys.contains(row.get("company"))) {
                error(COST_CENTRES, line, "company '" + row.get("company") + "' is not declared in " + COMPANIES);
            }
            costCentres.add(new CostCentre(row.get("company"), row.get("analytic_account"), row.get("cost_centre"), line));
        });

        List<FourEyesRule> fourEyes = new ArrayList<>();
        List<AuthorityLevel> levels = new ArrayList<>();
        Map<String, BigDecimal> autoApprove = new LinkedHashMap<>();
        List<String> blockedSuppliers = new ArrayList<>();
        List<String> blockedCategories = new ArrayList<>();
        BigDecimal[] lowRisk = {BigDecimal.ZERO};
        records(files, APPROVAL_POLICY, "payment-four-eyes", (n, line) -> {
            String company = companyRef(n, APPROVAL_POLICY, line, companyKeys);
            String currency = currency(n, APPROVAL_POLICY, line);
            BigDecimal threshold = amount(n, "threshold", APPROVAL_POLICY, line);
            if (company != null && currency != null && threshold != null) {
                fourEyes.add(new FourEyesRule(company, currency, threshold));
            }
        });
        records(files, APPROVAL_POLICY, "budget-authority-levels", (n, line) -> {
            String level = text(n, "level", APPROVAL_POLICY, line, true);
            String currency = currency(n, APPROVAL_POLICY, line);
            BigDecimal max = amount(n, "max-amount", APPROVAL_POLICY, line);
            if (level != null && currency != null && max != null) {
                levels.add(new AuthorityLevel(level, currency, max));
            }
        });
        Map<String, BigDecimal> autoApproveByCostCentre = new LinkedHashMap<>();
        records(files, APPROVAL_POLICY, "budget-auto-approve-below", (n, line) -> {
            String company = companyRef(n, APPROVAL_POLICY, line, companyKeys);
            String costCentre = text(n, "cost-centre", APPROVAL_POLICY, line, false);
            BigDecimal max = amount(n, "amount", APPROVAL_POLICY, line);
            if (!costCentreDeclared(costCentres, company, costCentre, line)) {
                return;
            }
            if (company != null && max != null) {
                if (costCentre == null) {
                    autoApprove.put(company, max);
                } else {
                    autoApproveByCostCentre.put(company + "/" + costCentre, max);
                }
            }
        });
        records(files, APPROVAL_POLICY, "blocked-suppliers", names(blockedSuppliers, "blocked-suppliers", "a supplier name"));
        records(files, APPROVAL_POLICY, "blocked-categories", names(blockedCategories, "blocked-categories", "a purchase category"));
        records(files, APPROVAL_POLICY, "platform-unavailable", (n, line) -> {
            BigDecimal max = amount(n, "low-risk-max", APPROVAL_POLICY, line);
            if (max != null) {
                lowRisk[0] = max;
            }
        });

        List<Budget> budgets = new ArrayList<>();
        Set<String> budgetKeys = new HashSet<>();
        records(files, APPROVAL_POLICY, "budgets", (n, line) -> {
            String company = companyRef(n, APPROVAL_POLICY, line, companyKeys);
            String costCentre = text(n, "cost-centre", APPROVAL_POLICY, line, true);
            String period = text(n, "period", APPROVAL_POLICY, line, true);
            String currency = currency(n, APPROVAL_POLICY, line);
            BigDecimal amount = amount(n, "amount", APPROVAL_POLICY, line);
            if (period != null && !period.matches("\\d{4}(-(0[1-9]|1[0-2]))?")) {
                error(APPROVAL_POLICY, line, "'period' must be a year (2026) or a month (2026-11), not '" + period + "'");
                period = null;
            }
            if (!costCentreDeclared(costCentres, company, costCentre, line)) {
                return;
            }
            if (company != null && costCentre != null && period != null && !budgetKeys.add(company + "/" + costCentre + "/" + period)) {
                error(APPROVAL_POLICY, line, "a budget for " + company + "/" + costCentre + " in " + period + " is declared twice");
                return;
            }
            if (company != null && costCentre != null && period != null && currency != null && amount != null) {
                budgets.add(new Budget(company, costCentre, period, currency, amount, line));
            }
        });

        List<CsvLayoutDeclaration> layouts = new ArrayList<>();
        Set<String> layoutIds = new HashSet<>();
        records(files, CSV_LAYOUTS, "layouts", (n, line) -> {
            String id = text(n, "id", CSV_LAYOUTS, line, true);
            if (id != null && !layoutIds.add(id)) {
                error(CSV_LAYOUTS, line, "layout id '" + id + "' is declared twice");
            }
            if (id != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> declaration = YAML.convertValue(n, Map.class);
                try {
                    CsvLayout.fromMap(declaration);
                    layouts.add(new CsvLayoutDeclaration(id, declaration, line));
                } catch (CsvLayout.InvalidLayoutException invalid) {
                    invalid.errors().forEach(reason -> error(CSV_LAYOUTS, line, "layout '" + id + "': " + reason));
                }
            }
        });

        return new MappingSet(version(files), source, companies, accounts, chart, costCentres, profiles, fourEyes,
                new BudgetPolicy(levels, autoApprove, autoApproveByCostCentre, blockedSuppliers, blockedCategories, lowRisk[0]), layouts, budgets);
    }

    /** Streams the entries of a top-level list, with the line each entry starts on. */
    private void records(Map<String, byte[]> files, String file, String listKey, RecordConsumer consumer) {
        byte[] bytes = files.get(file);
        if (bytes == null) {
            return;
        }
        try (JsonParser p = YAML.getFactory().createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return;
            }
            if (t != JsonToken.START_OBJECT) {
                error(file, p.currentTokenLocation().getLineNr(), "expected a mapping with the key '" + listKey + "'");
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (!key.equals(listKey)) {
                    p.skipChildren();
                    continue;
                }
                if (value == JsonToken.VALUE_NULL) {
                    return;
                }
                if (value != JsonToken.START_ARRAY) {
                    error(file, p.currentTokenLocation().getLineNr(), "'" + listKey + "' must be a list");
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = p.currentTokenLocation().getLineNr();
                    JsonNode node = YAML.readTree(p);
                    try {
                        consumer.accept(node, line);
                    } catch (RuntimeException e) {
                        error(file, line, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? jpe.getLocation().getLineNr() : 0;
            error(file, line, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void csv(Map<String, byte[]> files, String file, List<String> required, CsvRowConsumer consumer) {
        byte[] bytes = files.get(file);
        if (bytes == null) {
            return;
        }
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).replace("\uFEFF", "").lines().toList();
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i).trim();
            int line = i + 1;
            if (raw.isEmpty() || raw.startsWith("#")) {
                continue;
            }
            List<String> cells = List.of(raw.split(",", -1)).stream().map(String::trim).toList();
            if (header == null) {
                header = cells;
                for (String column : required) {
                    if (!header.contains(column)) {
                        error(file, line, "header lacks the column '" + column + "' (expected " + String.join(",", required) + ")");
                    }
                }
                continue;
            }
            if (cells.size() != header.size()) {
                error(file, line, "has " + cells.size() + " cells, the header has " + header.size());
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            boolean complete = true;
            for (String column : required) {
                if (row.getOrDefault(column, "").isEmpty()) {
                    error(file, line, "'" + column + "' is empty");
                    complete = false;
                }
            }
            if (complete) {
                consumer.accept(row, line);
            }
        }
    }

    /** A list of names in approval-policy.yaml: each a non-empty text, none twice (compared ignoring case). */
    private RecordConsumer names(List<String> into, String key, String what) {
        Set<String> seen = new HashSet<>();
        return (n, line) -> {
            if (!n.isValueNode() || n.isNull() || n.asText().isBlank()) {
                error(APPROVAL_POLICY, line, "each entry of '" + key + "' must be " + what + " (a text), found " + (n.isNull() ? "nothing" : n));
            } else if (!seen.add(n.asText().trim().toLowerCase(Locale.ROOT))) {
                error(APPROVAL_POLICY, line, "'" + n.asText().trim() + "' is listed twice in '" + key + "'");
            } else {
                into.add(n.asText().trim());
            }
        };
    }

    private String text(JsonNode n, String field, String file, int line, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                error(file, line, "'" + field + "' is missing");
            }
            return null;
        }
        return v.asText().trim();
    }

    private String currency(JsonNode n, String file, int line) {
        String code = text(n, "currency", file, line, true);
        if (code == null) {
            return null;
        }
        try {
            return Money.currency(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            error(file, line, e.getMessage());
            return null;
        }
    }

    private String companyRef(JsonNode n, String file, int line, Set<String> companyKeys) {
        String company = text(n, "company", file, line, true);
        if (company != null && !companyKeys.contains(company)) {
            error(file, line, "company '" + company + "' is not declared in " + COMPANIES);
            return null;
        }
        return company;
    }

    private BigDecimal amount(JsonNode n, String field, String file, int line) {
        String text = text(n, field, file, line, true);
        if (text == null) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() < 0) {
                error(file, line, "'" + field + "' must not be negative");
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            error(file, line, "'" + field + "' is not a number: '" + text + "'");
            return null;
        }
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.asBoolean(false);
    }

    /**
     * Whether an approval-policy entry's cost centre is declared in {@value #COST_CENTRES} for its company (true when
     * either is absent: that is reported where it is required); an undeclared one is an error naming the line.
     */
    private boolean costCentreDeclared(List<CostCentre> costCentres, String company, String costCentre, int line) {
        if (company == null || costCentre == null
                || costCentres.stream().anyMatch(c -> c.company().equals(company) && c.costCentre().equals(costCentre))) {
            return true;
        }
        error(APPROVAL_POLICY, line, "cost-centre '" + costCentre + "' of company " + company + " is not declared in " + COST_CENTRES);
        return false;
    }

    private void error(String file, int line, String reason) {
        errors.add(new MappingError(file, line, reason));
    }

    @FunctionalInterface
    private interface RecordConsumer {
        void accept(JsonNode node, int line);
    }

    @FunctionalInterface
    private interface CsvRowConsumer {
        void accept(Map<String, String> row, int line);
    }

}
