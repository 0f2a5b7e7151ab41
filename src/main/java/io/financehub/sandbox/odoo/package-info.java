/**
 * An in-process Odoo server for tests and for the hub's embedded default, built to answer like the real
 * Odoo 16, 17 and 18 Community servers whose exchanges are recorded in {@code src/test/resources/odoo-recordings}
 * (JSON-RPC), and like Odoo 19's documented JSON-2 API in version 19 mode.
 *
 * <p>Layers: {@link io.financehub.sandbox.odoo.OdooEmulator} (life cycle, locking, public API) →
 * {@code HttpFront}/{@code Json2} (HTTP surface, HTML error answers, fault injection, journal) → {@code Rpc}
 * (services, generic model methods, version-specific error texts) → {@code Orm} (records, values, x2many
 * commands, search with {@code Domain}) → {@code Models} (model behaviour, dispatched to one class per model
 * family: {@code BaseModels}, {@code AccountModels} with {@code MoveNumbering}, {@code AnalyticModels},
 * {@code StatementModels}, {@code PaymentModels}, {@code PurchaseModels}, {@code MailModels}) over {@code Store}
 * (id-ordered tables with an undo log: every call is all-or-nothing).
 * Field definitions come from the recorded {@code fields_get} answers ({@code odoo-emulator/schema}), the
 * initial database of each version from {@code odoo-emulator/templates}; see {@code odoo-emulator/README.md}.
 *
 * <p>Plain Java 17, Jackson and the JDK HTTP server only: no Quarkus, CDI or Camel here, so the connector's
 * tests and the embedded default start it the same way.
 */
package io.financehub.sandbox.odoo;
