/**
 * The canonical bank statement: what every statement format (camt.052/053/054, MT940, bank CSV) is
 * turned into before validation, idempotency and posting. Records only, no Camel, no Odoo, no nulls.
 */
package io.financehub.canonical.statement;
