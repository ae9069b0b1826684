package io.paycloud.risk.blocklist;

/**
 * The block list's fingerprint: how many entries it holds and the greatest id among them (null when
 * empty). Entries are only added, with ids that grow with time, or removed, so each change moves one
 * or the other.
 */
record Fingerprint(long entries, String newestId) {
}
