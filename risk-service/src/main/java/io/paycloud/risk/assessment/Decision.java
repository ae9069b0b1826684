package io.paycloud.risk.assessment;

/** The answer of an assessment; the score bands keep the score consistent with it. */
enum Decision {
    APPROVE("approve", 0, 49),
    REVIEW("review", 50, 79),
    DECLINE("decline", 80, 100);

    private final String wire;
    private final int minScore;
    private final int maxScore;

    Decision(String wire, int minScore, int maxScore) {
        this.wire = wire;
        this.minScore = minScore;
        this.maxScore = maxScore;
    }

    String wire() {
        return wire;
    }

    int clamp(int score) {
        return Math.max(minScore, Math.min(maxScore, score));
    }

    static Decision fromWire(String value) {
        for (Decision d : values()) {
            if (d.wire.equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown decision " + value);
    }
}
