package io.paycloud.risk;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of risk-service.
 *
 * @param redisKeyPrefix prefix of every Redis key this service writes, so several deployments or
 *        test runs can share one Redis without seeing each other's counters
 * @param cacheRefreshInterval how often rules and block lists are re-read from the database, so
 *        that a change made through another replica reaches this one
 * @param redisCommandTimeout how long a Redis command may take before it fails (and the velocity rules
 *        answer review); a new connection's set-up has {@code spring.data.redis.timeout} instead
 */
@Validated
@ConfigurationProperties("risk")
public record RiskProperties(@NotBlank String redisKeyPrefix, @NotNull Duration cacheRefreshInterval,
        @NotNull Duration redisCommandTimeout) {
}
