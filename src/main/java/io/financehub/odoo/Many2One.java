package io.financehub.odoo;

/** A many2one value as Odoo reads it: {@code [id, "display name"]}. */
public record Many2One(long id, String name) {
}
