package dev.herald.command.web;

import dev.herald.api.broadcast.BroadcastContent;
import dev.herald.api.broadcast.BroadcastTemplate;
import dev.herald.api.broadcast.StartBroadcastCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/** A send to topics that passed validation: the topics, the actor (or null) and the content without a recipient. */
record BroadcastRequestContent(List<String> topics, String actorId, NotificationContent content) {

    /** As {@link NotificationContent#fingerprint()}, over the topics (sorted) and the actor too. */
    String fingerprint() {
        return content.fingerprint("topics=" + new TreeSet<>(topics) + "\nactor=" + actorId);
    }

    StartBroadcastCommand toCommand(String broadcastId, String senderId) {
        return toCommand(broadcastId, senderId, null);
    }

    /**
     * @param pinnedVersion the template version checked at acceptance, which every recipient gets (null without a
     *                      template)
     */
    StartBroadcastCommand toCommand(String broadcastId, String senderId, Integer pinnedVersion) {
        TemplateChoice choice = content.template();
        BroadcastTemplate template = choice == null ? null
                : new BroadcastTemplate(choice.key(), pinnedVersion, choice.locale());
        return new StartBroadcastCommand(broadcastId, senderId, topics, actorId, new BroadcastContent(
                content.category(), content.priority(), content.channels(), content.title(), content.body(),
                content.data(), content.sendAt(), template), fingerprint());
    }

    /** Its own namespace, so that a key used for a single send and for a broadcast names two aggregates. */
    static String broadcastIdFor(String senderId, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("broadcast\n" + senderId + "\n" + idempotencyKey)
                                              .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
