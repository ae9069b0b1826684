package io.paycloud.payment.event;

import java.time.Duration;
import java.util.List;


import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.time.Times;
import io.paycloud.common.caller.Caller;
import io.paycloud.payment.support.Page;

@Tag(name = "Events", description = "What happened to the merchant's payments and refunds, in order; the same events "
        + "are delivered to webhook endpoints.")
@SecurityRequirement(name = "merchantKey")
@RestController
class EventController {

    /** How long an event waits before the internal feed serves it (see {@link EventStore#feed}). */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final EventStore events;

    EventController(EventStore events) {
        this.events = events;
    }

    @Operation(summary = "List events", operationId = "listEvents", description = "The merchant's events in `sequence` "
            + "order (oldest first), after the sequence number `after`; `hasMore` says whether more follow.")
    @GetMapping("/v1/events")
    Page<EventResponse> list(
            @Parameter(description = "The `sequence` of the last event already read (0 or more; default 0, from the start).")
            @RequestParam(required = false) Long after,
            @RequestParam(required = false) Integer limit,
            Caller caller) {
        String merchant = caller.merchantId();
        int l = checkLimit(limit);
        long a = checkAfter(after);
        return Page.of(events.forMerchant(merchant, a, l), l);
    }

    @GetMapping("/internal/events")
    Page<EventStore.FeedEvent> feed(@RequestParam(required = false) Long after,
            @RequestParam(required = false) Integer limit) {
        int l = limit == null ? 100 : limit;
        if (l < 1 || l > 1000) {
            throw ApiException.invalid("limit", "limit must be between 1 and 1000.");
        }
        List<EventStore.FeedEvent> rows = events.feed(checkAfter(after), l, Times.now().minus(SETTLE));
        return Page.of(rows, l);
    }

    private static int checkLimit(Integer limit) {
        int l = limit == null ? 10 : limit;
        if (l < 1 || l > 100) {
            throw ApiException.invalid("limit", "limit must be between 1 and 100.");
        }
        return l;
    }

    private static long checkAfter(Long after) {
        if (after != null && after < 0) {
            throw ApiException.invalid("after", "after must be a sequence number, 0 or more.");
        }
        return after == null ? 0 : after;
    }
}
