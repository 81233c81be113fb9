package dev.herald.command.web;

import java.util.List;

/** The body of the subscription endpoints: a category (or {@code *}) and the channels, none meaning all. */
record SubscriptionRequest(String category, List<String> channels) {
}
