package io.financehub.flows.payments;

import java.util.List;

/**
 * What a batch's pain.001 file is rendered from, frozen when the run made the batch: the debtor, and per payment
 * the creditor, account, amount, ids and the Odoo users who created or last changed it (for the four-eyes check).
 * Stored with the batch, so a file rendered again after a crash is byte-identical and does not depend on Odoo
 * data edited in between. Money is kept as its decimal string, never as a floating-point number. {@code debtorIban}
 * holds the debtor account as mapped: an IBAN, or (on bank profiles that are not SEPA-only) another account number;
 * the name stays for the snapshots already stored.
 */
public record BatchSnapshot(String debtorName, String debtorIban, String debtorBic, String creationTime,
        List<Line> lines) {

    /** One payment of the batch. {@code accountIsIban} false means a non-IBAN account number (non-SEPA profiles). */
    public record Line(long odooPaymentId, String odooReference, String endToEndId, String creditorName,
            String creditorAccount, boolean accountIsIban, String creditorBic, String amount, String remittance,
            String street, String postCode, String town, String country, List<String> odooUsers) {
    }
}
