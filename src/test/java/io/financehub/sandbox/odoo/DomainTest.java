package io.financehub.sandbox.odoo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Domain evaluation: every term operator, prefix nesting, dotted paths and Odoo's False semantics. */
class DomainTest {
    private static OdooEmulator odoo;
    private static long acme;
    private static long acmeSales;
    private static long globex;
    private static long initech;

    @BeforeAll
    static void seed() {
        odoo = OdooEmulator.builder().version(17).database("domains").start();
        acme = partner("Acme GmbH", true, null, 5, "acme@example.com");
        acmeSales = partner("Sales Team", false, acme, 0, null);
        globex = partner("Globex Ltd", true, null, 1, "ap@globex.example");
        initech = partner("Initech SARL", true, null, 0, null);
        odoo.store().create("res.partner.bank", Map.of("acc_number", "DE89 3704 0044 0532 0130 00", "partner_id", acme));
    }

    private static long partner(String name, boolean company, Long parent, int supplierRank, String email) {
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("name", name);
        vals.put("is_company", company);
        vals.put("supplier_rank", supplierRank);
        if (parent != null) {
            vals.put("parent_id", parent);
        }
        if (email != null) {
            vals.put("email", email);
        }
        return odoo.store().create("res.partner", vals);
    }

    @AfterAll
    static void stop() {
        odoo.close();
    }

    private static List<Long> search(String domain) {
        return odoo.store().search("res.partner", domain).stream().filter(id -> id >= acme).sorted().toList();
    }

    @Test
    void comparisonOperators() {
        assertEquals(List.of(acme), search("[[\"name\",\"=\",\"Acme GmbH\"]]"));
        assertEquals(List.of(acmeSales, globex, initech), search("[[\"name\",\"!=\",\"Acme GmbH\"]]"));
        assertEquals(List.of(acme), search("[[\"supplier_rank\",\">\",1]]"));
        assertEquals(List.of(acme, globex), search("[[\"supplier_rank\",\">=\",1]]"));
        assertEquals(List.of(acmeSales, initech), search("[[\"supplier_rank\",\"<\",1]]"));
        assertEquals(List.of(acmeSales, globex, initech), search("[[\"supplier_rank\",\"<=\",1]]"));
        assertEquals(List.of(acme, globex), search("[[\"id\",\"in\",[" + acme + "," + globex + "]]]"));
        assertEquals(List.of(acmeSales, initech), search("[[\"id\",\"not in\",[" + acme + "," + globex + "]],[\"id\",\">=\"," + acme + "]]"));
    }

    @Test
    void patternOperators() {
        assertEquals(List.of(acme), search("[[\"name\",\"like\",\"Acme\"]]"));
        assertEquals(List.of(), search("[[\"name\",\"like\",\"acme\"]]"));
        assertEquals(List.of(acme), search("[[\"name\",\"ilike\",\"acme\"]]"));
        assertEquals(List.of(acmeSales, globex, initech), search("[[\"name\",\"not ilike\",\"acme\"]]"));
        assertEquals(List.of(acmeSales, globex, initech), search("[[\"name\",\"not like\",\"Acme\"]]"));
        assertEquals(List.of(globex), search("[[\"name\",\"=like\",\"G%Ltd\"]]"));
        assertEquals(List.of(globex), search("[[\"name\",\"=ilike\",\"g_obex ltd\"]]"));
    }

    @Test
    void falseMeansUnsetAndEqualsQuestionMarkIgnoresIt() {
        assertEquals(List.of(acmeSales, initech), search("[[\"email\",\"=\",false]]"));
        assertEquals(List.of(acme, globex), search("[[\"email\",\"!=\",false]]"));
        assertEquals(List.of(acme, acmeSales, globex, initech), search("[[\"parent_id\",\"=?\",false]]"));
        assertEquals(List.of(acmeSales), search("[[\"parent_id\",\"=?\"," + acme + "]]"));
        assertEquals(List.of(acmeSales), search("[[\"is_company\",\"=\",false]]"));
    }

    @Test
    void prefixOperatorsNest() {
        assertEquals(List.of(acme, globex), search("[\"|\",[\"name\",\"ilike\",\"acme\"],[\"name\",\"ilike\",\"globex\"]]"));
        assertEquals(List.of(acme), search("[\"&\",[\"is_company\",\"=\",true],[\"supplier_rank\",\">\",2]]"));
        assertEquals(List.of(acmeSales, globex, initech), search("[\"!\",[\"name\",\"=\",\"Acme GmbH\"]]"));
        assertEquals(List.of(acme, initech),
                search("[\"|\",\"&\",[\"is_company\",\"=\",true],[\"supplier_rank\",\">\",2],\"!\",[\"email\",\"!=\",false],[\"is_company\",\"=\",true]]"));
        // implicit & between top-level terms, combined with an explicit |
        assertEquals(List.of(globex), search("[\"|\",[\"name\",\"ilike\",\"globex\"],[\"name\",\"ilike\",\"initech\"],[\"email\",\"!=\",false]]"));
    }

    @Test
    void dottedPathsHierarchiesAndAny() {
        assertEquals(List.of(acmeSales), search("[[\"parent_id.name\",\"=\",\"Acme GmbH\"]]"));
        assertEquals(List.of(acme, acmeSales), search("[[\"id\",\"child_of\"," + acme + "]]"));
        assertEquals(List.of(acme, acmeSales), search("[[\"id\",\"parent_of\"," + acmeSales + "]]"));
        assertEquals(List.of(acme), search("[[\"bank_ids\",\"any\",[[\"acc_number\",\"ilike\",\"3704\"]]]]"));
        assertEquals(List.of(acmeSales, globex, initech), search("[[\"bank_ids\",\"not any\",[[\"acc_number\",\"ilike\",\"3704\"]]]]"));
        assertEquals(List.of(acme), search("[[\"bank_ids.acc_number\",\"ilike\",\"0532\"]]"));
        assertEquals(List.of(acmeSales), search("[[\"parent_id\",\"ilike\",\"acme\"]]"));
    }

    @Test
    void unknownFieldIsAValueErrorNamingTheLeaf() {
        OdooError e = assertThrows(OdooError.class, () -> search("[[\"no_such_field\",\"=\",1]]"));
        assertEquals(OdooError.VALUE_ERROR, e.name());
        assertTrue(e.getMessage().contains("Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)"), e.getMessage());
    }
}
