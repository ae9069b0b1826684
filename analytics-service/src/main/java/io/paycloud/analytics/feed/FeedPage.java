package io.paycloud.analytics.feed;

import java.util.List;

/** One page of the internal feed, oldest first. */
record FeedPage(List<FeedEvent> data, boolean hasMore) {

    FeedPage {
        data = data == null ? List.of() : data;
    }
}
