/**
 * Canonical model of outgoing supplier payments and the bank's status reports about them: what the
 * payment-files flow approves, renders (pain.001) and reconciles (pain.002). Knows nothing of Camel, Odoo
 * or XML; every record checks its own invariants and carries no nulls (absence is {@link java.util.Optional}).
 */
package io.financehub.canonical.payment;
