package io.paycloud.account.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class AuditHashTest {

    static AuditEvent event(String objectId, String requestBody, String requestId, String clientAddress) {
        return new AuditEvent(1, "aud_01JD2M8Q4W8Y7N3K5T6V9X0ZAB", Instant.parse("2026-03-05T13:00:00.123456Z"), "alice",
                List.of("admin", "support"), "POST /v1/accounts/{id}/deposits", objectId, requestBody, "201", requestId,
                clientAddress, AuditHash.GENESIS, null);
    }

    /**
     * The documented encoding, computed outside Java (Python's hashlib over the length-prefixed fields),
     * so that anyone can re-verify an exported chain; a change of field order or format fails here.
     */
    @Test
    void theHashIsSha256OfTheLengthPrefixedFieldsInTheDocumentedOrder() {
        AuditEvent e = event("acc_01JD2M8Q4W8Y7N3K5T6V9X0ZAB", "{\"amount\":100,\"currency\":\"CNY\",\"note\":\"李雷\"}",
                "req_1", null);
        assertThat(AuditHash.of(e)).isEqualTo("2d1ae9bf56308974bb5785838ec39ba62ca7920524115b0f76269c7415e5f353");
    }

    @Test
    void aNullAndAnEmptyFieldHashDifferently() {
        assertThat(AuditHash.of(event(null, null, null, null))).isNotEqualTo(AuditHash.of(event("", null, null, null)));
    }

    @Test
    void textMovedAcrossAFieldBoundaryChangesTheHash() {
        // with plain concatenation "ab" + "c" and "a" + "bc" would be the same input
        assertThat(AuditHash.of(event(null, null, "ab", "c"))).isNotEqualTo(AuditHash.of(event(null, null, "a", "bc")));
    }

    /** Also computed with Python: a whole second still has six fraction digits, no roles is an empty field. */
    @Test
    void wholeSecondsAndAnActorWithoutRolesFollowTheEncodingToo() {
        AuditEvent e = new AuditEvent(7, "aud_x", Instant.parse("2026-03-05T13:00:00Z"), "billing-service", List.of(),
                "operator.created", "bob", null, "created", null, null, AuditHash.GENESIS, null);
        assertThat(AuditHash.of(e)).isEqualTo("23948795270c45cac464751aaa6509222f3309ce1932b33c632cec68a480406f");
    }
}
