/**
 * Bank statement formats: bytes in, canonical {@link io.financehub.canonical.statement.BankStatement}s out,
 * with no Odoo and no Camel routes. The readers are in {@code camt}, {@code mt940} and {@code csv}; {@code dispatch}
 * detects a file's format and opens it with the matching reader.
 *
 * <pre>{@code
 * List<CsvLayout> layouts = ...;                       // CsvLayout.fromMap(yaml) per mappings/csv-layouts/*.yaml
 * StatementReaders readers = new StatementReaders(layouts, new CsvStatementReader(),
 *         Charset.forName("windows-1252"), CamtStatementReader.Options.DEFAULT);
 *
 * DetectedFormat format = readers.detector().detect(path);          // header DetectedFormat.HEADER = format.headerValue()
 * try (StatementCursor cursor = readers.open(format, fileName, Files.newInputStream(path))) {
 *     for (Optional<StatementHeader> h = cursor.nextStatement(); h.isPresent(); h = cursor.nextStatement()) {
 *         StatementValidator.Check check = new StatementValidator().begin(h.get());
 *         StatementLineKey.Generator keys = StatementLineKey.forStatement(h.get().account());
 *         for (Optional<StatementLine> l = cursor.nextLine(); l.isPresent(); l = cursor.nextLine()) {
 *             check.accept(l.get());
 *             StatementLineKey key = keys.next(l.get());               // idempotency key, for booked and pending lines alike
 *         }
 *         List<ValidationProblem> problems = check.finish();          // quarantine when any isError()
 *     }
 * }
 * }</pre>
 *
 * Every unreadable input ends in a {@link io.financehub.formats.StatementFormatException} (code, reason,
 * location, action); data that reads but does not add up ends in {@link io.financehub.formats.ValidationProblem}s.
 */
package io.financehub.formats;

