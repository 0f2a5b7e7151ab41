/**
 * ISO 20022 payment initiation formats: {@link io.financehub.formats.pain.Pain001Writer} turns canonical payment
 * batches into pain.001 credit transfer files (.001.09 default, .001.03 per bank profile),
 * {@link io.financehub.formats.pain.Pain002Reader} turns a bank's pain.002 status report (.001.03, .001.10) into a
 * canonical {@link io.financehub.canonical.payment.PaymentStatusReport}, {@link io.financehub.formats.pain.XsdValidator}
 * checks a file against the bank's or the official schema. {@link io.financehub.formats.pain.SepaText} and
 * {@link io.financehub.formats.pain.PaymentIds} hold the SEPA character-set and identifier rules. No Odoo, no Camel.
 */
package io.financehub.formats.pain;
