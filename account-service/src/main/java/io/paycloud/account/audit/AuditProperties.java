package io.paycloud.account.audit;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Audit trail settings ({@code paycloud.audit.*}).
 *
 * @param verifyInterval the pause between two verifications of the whole chain ({@link AuditChainJob});
 *        the alert on an unverified chain expects one at least every 10 minutes
 * @param verifyPageSize how many events the verifier reads per query, so memory stays flat however long
 *        the chain grows
 */
@Validated
@ConfigurationProperties("paycloud.audit")
record AuditProperties(
        @NotNull @DefaultValue("60s") Duration verifyInterval,
        @Min(1) @Max(10_000) @DefaultValue("1000") int verifyPageSize) {
}
