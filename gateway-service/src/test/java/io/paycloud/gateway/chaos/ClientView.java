package io.paycloud.gateway.chaos;

import java.util.Map;

/**
 * What the merchants' side was told: the last status each payment and refund was answered with, and the
 * money each wallet was given. The audit holds the books to it.
 */
record ClientView(Map<String, String> payments, Map<String, String> refunds, Map<String, Long> deposits) {
}
