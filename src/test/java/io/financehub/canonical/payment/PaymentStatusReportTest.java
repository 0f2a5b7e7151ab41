package io.financehub.canonical.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.financehub.canonical.payment.PaymentStatusReport.PaymentInformationStatus;
import io.financehub.canonical.payment.PaymentStatusReport.TransactionStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaymentStatusReportTest {

    private static TransactionStatus tx(String e2e, String status) {
        return new TransactionStatus(Optional.empty(), Optional.empty(), e2e, Optional.of(PaymentStatus.of(status)),
                List.of(StatusReason.of("AC01", "account closed")), Optional.empty());
    }

    @Test
    void statusCodesAreClassifiedForTheFlow() {
        for (String accepted : List.of("ACTC", "ACCP", "ACSP", "ACSC", "ACWC")) {
            assertEquals(PaymentStatus.Outcome.ACCEPTED, PaymentStatus.of(accepted).outcome(), accepted);
        }
        assertEquals(PaymentStatus.Outcome.REJECTED, PaymentStatus.of("rjct").outcome());
        assertEquals(PaymentStatus.Outcome.PENDING, PaymentStatus.of("PDNG").outcome());
        assertEquals(PaymentStatus.Outcome.PARTIAL, PaymentStatus.of("PART").outcome());
        assertEquals(PaymentStatus.Outcome.UNKNOWN, PaymentStatus.of("RVNM").outcome());
    }

    @Test
    void ownStatusWinsThenBlockThenGroupAndPartialDecidesNothing() {
        PaymentStatusReport report = new PaymentStatusReport("R1", Optional.empty(), "pain.002.001.03", "M1",
                Optional.of("pain.001.001.09"), Optional.of(PaymentStatus.PART), List.of(),
                List.of(new PaymentInformationStatus("B1", Optional.of(PaymentStatus.PART), List.of(),
                                List.of(tx("E1", "RJCT"), tx("E2", "ACSC"))),
                        new PaymentInformationStatus("B2", Optional.of(PaymentStatus.RJCT), List.of(), List.of())));
        assertEquals(Optional.of(PaymentStatus.RJCT), report.effectiveStatus("B1", "E1"));
        assertEquals(Optional.of(PaymentStatus.ACSC), report.effectiveStatus("B1", "E2"));
        assertEquals(Optional.empty(), report.effectiveStatus("B1", "E3"));
        assertEquals(Optional.of(PaymentStatus.RJCT), report.effectiveStatus("B2", "E4"));
        assertEquals("AC01: account closed", report.transaction("E1").orElseThrow().reasonText());
        assertEquals(2, report.transactions().size());
    }
}
