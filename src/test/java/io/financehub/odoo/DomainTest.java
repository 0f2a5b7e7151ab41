package io.financehub.odoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainTest {

    @Test
    void andOfTermsIsWrittenInPrefixNotation() {
        Domain domain = Domain.and(Domain.eq("state", "posted"), Domain.term("amount", ">", 10),
                Domain.in("journal_id", List.of(1L, 2L)));
        assertEquals("[\"&\",\"&\",[\"state\",\"=\",\"posted\"],[\"amount\",\">\",10],[\"journal_id\",\"in\",[1,2]]]",
                domain.toString());
    }

    @Test
    void nestedOrAndNotKeepTheirOperandsTogether() {
        Domain domain = Domain.and(Domain.eq("company_id", 1),
                Domain.or(Domain.term("name", "ilike", "acme"), Domain.not(Domain.eq("active", true))));
        assertEquals("[\"&\",[\"company_id\",\"=\",1],\"|\",[\"name\",\"ilike\",\"acme\"],\"!\",[\"active\",\"=\",true]]",
                domain.toString());
    }

    @Test
    void allIsTheEmptyListAndVanishesInsideAnd() {
        assertEquals("[]", Domain.all().toString());
        assertEquals("[[\"id\",\">\",5]]", Domain.and(Domain.all(), Domain.term("id", ">", 5)).toString());
    }

    @Test
    void valuesAreWrittenAsOdooExpectsThem() {
        Domain domain = Domain.and(Domain.eq("date", LocalDate.of(2024, 7, 1)),
                Domain.term("write_date", ">=", Instant.parse("2024-07-01T08:30:00Z")), Domain.eq("partner_id", null));
        assertEquals("[\"&\",\"&\",[\"date\",\"=\",\"2024-07-01\"],[\"write_date\",\">=\",\"2024-07-01 08:30:00\"],"
                + "[\"partner_id\",\"=\",false]]", domain.toString());
    }

    @Test
    void odooJsonIsReadBackIntoTheSameDomain() throws Exception {
        String json = "[\"|\",\"!\",[\"a\",\"=\",1],\"&\",[\"b\",\"in\",[1,2]],[\"c\",\"=?\",false],[\"d\",\"!=\",\"x\"]]";
        Domain parsed = Domain.fromJson(OdooValues.JSON.readTree(json));
        // the implicit AND of the two top-level expressions becomes explicit
        assertEquals("[\"&\",\"|\",\"!\",[\"a\",\"=\",1],\"&\",[\"b\",\"in\",[1,2]],[\"c\",\"=?\",false],"
                + "[\"d\",\"!=\",\"x\"]]", parsed.toString());
    }

    @Test
    void unknownOperatorIsRefusedWithTheListOfValidOnes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Domain.term("name", "contains", "x"));
        assertTrue(error.getMessage().contains("'contains'"), error.getMessage());
        assertTrue(error.getMessage().contains("ilike"), error.getMessage());
    }

    @Test
    void truncatedPrefixDomainIsRefused() throws Exception {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Domain.fromJson(OdooValues.JSON.readTree("[\"|\",[\"a\",\"=\",1]]")));
        assertTrue(error.getMessage().contains("ends in the middle"), error.getMessage());
    }
}
