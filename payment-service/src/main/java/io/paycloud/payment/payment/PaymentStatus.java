package io.paycloud.payment.payment;

import java.util.Locale;

/** The statuses of API.md, in the words the API uses. */
public enum PaymentStatus {
    REQUIRES_CONFIRMATION,
    PROCESSING,
    REQUIRES_REVIEW,
    REQUIRES_CAPTURE,
    SUCCEEDED,
    FAILED,
    CANCELED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentStatus fromWire(String value) {
        for (PaymentStatus s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status " + value);
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }
}
