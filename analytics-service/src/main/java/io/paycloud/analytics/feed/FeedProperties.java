package io.paycloud.analytics.feed;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the event feed consumer runs.
 *
 * @param enabled      whether this replica polls at all
 * @param interval     pause between polls once caught up
 * @param batchSize    events fetched and applied per transaction (the feed serves at most 1000)
 * @param lease        how long a replica owns the feed after claiming it; renewed on every poll
 * @param maxBackoff   the longest pause after payment-service failed, doubling from {@code interval}
 * @param pollBudget   how long one poll keeps fetching pages before it lets the scheduler breathe
 */
@Validated
@ConfigurationProperties("paycloud.feed")
public record FeedProperties(
        boolean enabled,
        @NotNull Duration interval,
        @Min(1) @Max(1000) int batchSize,
        @NotNull Duration lease,
        @NotNull Duration maxBackoff,
        @NotNull Duration pollBudget) {
}
