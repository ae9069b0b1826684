package io.paycloud.common.money;

/**
 * The ledger transfers a payment or a refund books, and the deterministic id of each: the object's id
 * and the leg's suffix. payment-service books under these ids (so a retry or the janitor always names
 * the same transfer), and analytics expects them when it reconciles its facts with the ledger: one
 * contract, not string literals in each service.
 */
public enum TransferLeg {

    /** The hold on the customer's wallet when a payment is authorised ({@code pay_….auth}). */
    AUTHORIZATION("auth"),
    /** The hold's capture to the merchant ({@code pay_….capture}). */
    CAPTURE("capture"),
    /** The platform's fee from the merchant ({@code pay_….fee}), or its reversal on a refund ({@code re_….fee}). */
    FEE("fee"),
    /** The hold's release on a cancel or a failure ({@code pay_….void}). */
    RELEASE("void"),
    /** A refund from the merchant back to the customer ({@code re_….refund}). */
    REFUND("refund");

    private final String suffix;

    TransferLeg(String suffix) {
        this.suffix = suffix;
    }

    /** The id of this leg's transfer for the payment or refund {@code objectId}. */
    public String of(String objectId) {
        return objectId + "." + suffix;
    }
}
