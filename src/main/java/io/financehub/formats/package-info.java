/**
 * Bank statement formats: bytes in, canonical {@link io.financehub.canonical.statement.BankStatement}s out,
 * with no Odoo and no Camel routes. Entry points: {@link io.financehub.formats.StatementFormatDetector}
 * (what is this file?) and {@link io.financehub.formats.StatementReaders} (read it), then
 * {@link io.financehub.formats.StatementValidator} (does it add up?).
 */
package io.financehub.formats;
