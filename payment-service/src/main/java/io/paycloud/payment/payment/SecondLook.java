package io.paycloud.payment.payment;

import java.util.Optional;

/**
 * A second look at a new payment's terms when risk did not approve it: the terms were made from kept
 * copies of what other services own (a customer's real-name level), which may be older than the truth.
 * Empty when nothing the decision used has changed; else the terms as they are now, to be judged again.
 */
@FunctionalInterface
interface SecondLook {

    /** Terms made from nothing that can have moved on (a verified customer stays verified). */
    SecondLook NONE = terms -> Optional.empty();

    Optional<Payment.Terms> newer(Payment.Terms terms);
}
