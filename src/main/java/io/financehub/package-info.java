/** Odoo Finance Hub: a governed finance-integration hub for Odoo built as Camel routes on Quarkus. */
package io.financehub;
