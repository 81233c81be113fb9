package dev.herald.query.web;

import java.util.List;

/**
 * The opt-outs a recipient wants, as a whole: each entry a category (or {@code *} for every category) and channel
 * names (none meaning every channel). Whatever is not listed is subscribed.
 */
record SubscriptionsRequest(List<Entry> optOuts) {

    record Entry(String category, List<String> channels) {
    }
}
