package io.paycloud.risk.assessment;

/** A rule that fired and a sentence saying why. */
record Reason(String rule, String detail) {
}
