package io.paycloud.risk.anomaly;

/**
 * What a batch of outcomes did: {@code recorded} new ones, {@code replayed} ones already known with the
 * same content, and {@code refused} ones that sent alone would have been refused (an unsupported
 * currency, a repeat with another content).
 */
record OutcomeBatchResponse(int recorded, int replayed, int refused) {
}
