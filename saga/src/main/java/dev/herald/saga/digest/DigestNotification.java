package dev.herald.saga.digest;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import dev.herald.api.digest.DigestItem;
import dev.herald.api.digest.DigestReleasedEvent;
import dev.herald.api.notification.SendNotificationCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one notification a released window goes out as, rendered the built-in way: the title counts the items, the
 * body lists each item's title and body on a line of its own. It goes on every channel an item was held back on, with
 * the most urgent priority among the items, under the category and sender of the first item; its data names the
 * digest and the items ({@code digest}, {@code window}, {@code items}: their notification ids), for webhooks and
 * push payloads. Everything is derived from the release event alone, so every repeat is the same command.
 */
final class DigestNotification {

    /** The items an email lists; one window may collect thousands, and a digest is read by a person. */
    static final int MAX_LISTED_ITEMS = 200;

    private DigestNotification() {
    }

    static SendNotificationCommand of(DigestReleasedEvent released) {
        List<DigestItem> items = released.items();
        DigestItem first = items.get(0);
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        items.forEach(item -> channels.addAll(item.channels()));
        Priority priority = items.stream().map(DigestItem::priority).min(Comparator.naturalOrder())
                                 .orElse(Priority.NORMAL);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("digest", released.key());
        data.put("window", released.window());
        data.put("items", items.stream().map(DigestItem::notificationId).toList());
        return new SendNotificationCommand(released.notificationId(), first.senderId(), released.recipientId(),
                                           first.category(), priority, channels, title(released), body(items), data,
                                           null, "digest:" + released.notificationId());
    }

    static String title(DigestReleasedEvent released) {
        int count = released.items().size();
        return count + (count == 1 ? " new notification" : " new notifications") + " (" + released.key() + ")";
    }

    static String body(List<DigestItem> items) {
        List<String> lines = new ArrayList<>();
        for (DigestItem item : items.subList(0, Math.min(items.size(), MAX_LISTED_ITEMS))) {
            lines.add("- " + item.title() + (item.body().isBlank() ? "" : ": " + item.body().strip()));
        }
        if (items.size() > MAX_LISTED_ITEMS) {
            lines.add("... and " + (items.size() - MAX_LISTED_ITEMS) + " more");
        }
        return String.join("\n", lines);
    }
}
