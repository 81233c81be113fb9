package dev.herald.command.digest;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.herald.api.digest.CollectDigestItemCommand;
import dev.herald.api.digest.DigestItem;
import dev.herald.api.digest.DigestItemCollectedEvent;
import dev.herald.api.digest.DigestNotificationIds;
import dev.herald.api.digest.DigestReleasedEvent;
import dev.herald.api.digest.DigestWindow;
import dev.herald.api.digest.DigestWindowOpenedEvent;
import dev.herald.api.digest.ReleaseDigestCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One recipient's digest of one key ({@code digest/<recipientId>/<key>}): its windows, one open at a time, each
 * collecting items until it is released.
 *
 * <p>Why an item is in exactly one released window: every collect and every release is a command on this one
 * aggregate, and Axon handles the commands of one aggregate one at a time against its committed events (a lock per
 * aggregate on a node; across nodes the event store's unique aggregate sequence refuses the second of two concurrent
 * appends, and the refused command runs again on the new state). So a collect sees either the window still open (the
 * item joins it, and the release that comes later lists it) or the window already released (the item opens the next
 * one); it can never see half of a release. An item already collected, in any window, is not collected again, so a
 * collector that delivers an item twice (after a restart) cannot put it into a second window. The ids of collected
 * items are kept for that, about 40 bytes each.
 *
 * <p>A window closes by its deadline (the digest saga sends {@link ReleaseDigestCommand}); an item that arrives after
 * the close time but before that command releases the window itself first, so no item ever waits in a window that
 * should already have gone out.
 */
@Aggregate
class Digest {

    @AggregateIdentifier
    private String digestId;
    private String recipientId;
    private String key;
    private long lastWindow;
    private boolean open;
    private Instant closesAt;
    private List<DigestItem> items = new ArrayList<>();
    private Set<String> collected = new HashSet<>();

    Digest() {
        // Axon creates it empty, both to replay its events and for CREATE_IF_MISSING.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CollectDigestItemCommand command) {
        if (collected.contains(command.item().notificationId())) {
            return;
        }
        Instant now = GenericEventMessage.clock.instant();
        if (open && !now.isBefore(closesAt)) {
            release();
        }
        if (!open) {
            apply(new DigestWindowOpenedEvent(command.digestId(), command.recipientId(), command.key(),
                                              lastWindow + 1, command.window(),
                                              DigestWindow.parse(command.window()).closesAt(now, command.timeZone())));
        }
        apply(new DigestItemCollectedEvent(digestId, recipientId, key, lastWindow, command.item()));
    }

    @CommandHandler
    void handle(ReleaseDigestCommand command) {
        if (open && lastWindow == command.window()) {
            release();
        }
    }

    private void release() {
        apply(new DigestReleasedEvent(digestId, recipientId, key, lastWindow,
                                      DigestNotificationIds.of(digestId, lastWindow), List.copyOf(items)));
    }

    @EventSourcingHandler
    void on(DigestWindowOpenedEvent event) {
        digestId = event.digestId();
        recipientId = event.recipientId();
        key = event.key();
        lastWindow = event.window();
        open = true;
        closesAt = event.closesAt();
        items = new ArrayList<>();
    }

    @EventSourcingHandler
    void on(DigestItemCollectedEvent event) {
        items.add(event.item());
        collected.add(event.item().notificationId());
    }

    @EventSourcingHandler
    void on(DigestReleasedEvent event) {
        open = false;
        closesAt = null;
        items = new ArrayList<>();
    }
}
