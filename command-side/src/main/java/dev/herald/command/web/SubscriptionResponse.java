package dev.herald.command.web;

import dev.herald.api.Channel;
import java.util.Set;

/** What the subscription endpoints answer: the category and channels the recipient is now (un)subscribed on. */
record SubscriptionResponse(String recipientId, String category, Set<Channel> channels, boolean subscribed) {
}
