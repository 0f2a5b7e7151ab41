package io.financehub.flows.bankstatements;

/** An Odoo bank journal a statement posts to, with the facts posting needs. */
public record BankJournal(long id, String code, String name, long companyId, String companyName, String currency,
        String companyKey) {
}
