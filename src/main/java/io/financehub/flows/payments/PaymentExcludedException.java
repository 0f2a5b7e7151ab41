package io.financehub.flows.payments;

/** A payment a run left out because a bank would refuse it; raised as an exception item so someone fixes it in Odoo. */
public class PaymentExcludedException extends RuntimeException {

    public PaymentExcludedException(PaymentRunResult.Excluded excluded) {
        super("Payment " + excluded.odooPaymentId() + " (" + excluded.odooReference() + ") excluded from the payment run, "
                + excluded.code() + ": " + excluded.reason());
    }
}
