package dev.herald.command;

import dev.herald.api.Channel;
import dev.herald.api.ContactPoints;
import dev.herald.api.Priority;
import dev.herald.api.SkipReason;
import dev.herald.api.inbox.OptOut;
import dev.herald.api.inbox.RecipientSubscriptions;
import dev.herald.api.notification.NotificationSentEvent;
import dev.herald.api.notification.SendNotificationCommand;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import dev.herald.api.recipient.RecipientRegisteredEvent;
import dev.herald.api.recipient.RenewSubscriptionCommand;
import dev.herald.api.recipient.ReplaceOptOutsCommand;
import dev.herald.api.recipient.SubscriptionCancelledEvent;
import dev.herald.api.recipient.SubscriptionRenewedEvent;
import dev.herald.api.recipient.UpsertRecipientCommand;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.EmailContent;
import dev.herald.api.template.InAppContent;
import dev.herald.api.template.SaveTemplateCommand;
import dev.herald.api.template.SmsContent;
import dev.herald.api.template.TemplateCreatedEvent;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Test messages for the command side, with sensible defaults so that each test states only what matters. */
public final class CommandTestMessages {

    public static final String RECIPIENT_ID = "ada@example";
    public static final String OTHER_RECIPIENT_ID = "grace";
    public static final String SENDER_ID = "acme-shop";
    public static final String OTHER_SENDER_ID = "other-shop";
    public static final String NOTIFICATION_ID = "0b6f3c8e-3f5a-3d7e-9a51-2c4b8d1e6f70";
    public static final String CATEGORY = "billing";
    public static final String OTHER_CATEGORY = "marketing";
    public static final String FINGERPRINT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    public static final String OTHER_FINGERPRINT = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    public static final Instant NOW = Instant.parse("2030-01-31T09:00:00Z");
    public static final Instant IN_AN_HOUR = NOW.plusSeconds(3600);

    private CommandTestMessages() {
    }

    public static ContactPoints everyContactPoint() {
        return new ContactPoints("ada@example.com", "+14155550123", List.of("push-token-1"),
                                 "https://hooks.example.com/ada", "en-GB", "Europe/London");
    }

    public static ContactPoints emailOnly() {
        return new ContactPoints("ada@example.com", null, List.of(), null, "en-GB", "Europe/London");
    }

    public static UpsertRecipientCommand upsertRecipient(ContactPoints contactPoints) {
        return new UpsertRecipientCommand(RECIPIENT_ID, contactPoints);
    }

    public static RecipientRegisteredEvent recipientRegistered(ContactPoints contactPoints) {
        return new RecipientRegisteredEvent(RECIPIENT_ID, contactPoints);
    }

    public static CancelSubscriptionCommand cancelSubscription(String category, Channel... channels) {
        return new CancelSubscriptionCommand(RECIPIENT_ID, category, Set.of(channels));
    }

    public static SubscriptionCancelledEvent subscriptionCancelled(String category, Channel... channels) {
        return new SubscriptionCancelledEvent(RECIPIENT_ID, category, channelSet(channels));
    }

    public static RenewSubscriptionCommand renewSubscription(String category, Channel... channels) {
        return new RenewSubscriptionCommand(RECIPIENT_ID, category, Set.of(channels));
    }

    public static SubscriptionRenewedEvent subscriptionRenewed(String category, Channel... channels) {
        return new SubscriptionRenewedEvent(RECIPIENT_ID, category, channelSet(channels));
    }

    public static ReplaceOptOutsCommand replaceOptOuts(OptOut... optOuts) {
        return new ReplaceOptOutsCommand(RECIPIENT_ID, List.of(optOuts));
    }

    public static OptOut optOut(String category, Channel... channels) {
        return new OptOut(category, List.of(channels));
    }

    /** {@link #RECIPIENT_ID}'s opt-outs as the Recipient records them. */
    public static RecipientSubscriptions recipientSubscriptions(OptOut... optOuts) {
        return new RecipientSubscriptions(RECIPIENT_ID, List.of(optOuts));
    }

    /** A send from {@link #SENDER_ID} to {@link #RECIPIENT_ID} in {@link #CATEGORY}; null sendAt sends now. */
    public static SendNotificationCommand sendNotification(Instant sendAt, Channel... channels) {
        return sendNotification(SENDER_ID, FINGERPRINT, sendAt, channels);
    }

    public static SendNotificationCommand sendNotification(String senderId, String fingerprint, Instant sendAt,
                                                           Channel... channels) {
        return new SendNotificationCommand(NOTIFICATION_ID, senderId, RECIPIENT_ID, CATEGORY, Priority.HIGH,
                                           Set.of(channels), "Your invoice", "It is ready.", Map.of("amount", 42),
                                           sendAt, fingerprint);
    }

    public static SendNotificationCommand sendNotificationTo(String recipientId, Channel... channels) {
        return new SendNotificationCommand(NOTIFICATION_ID, SENDER_ID, recipientId, CATEGORY, Priority.HIGH,
                                           Set.of(channels), "Your invoice", "It is ready.", Map.of("amount", 42),
                                           null, FINGERPRINT);
    }

    /** The event {@link #sendNotification(Instant, Channel...)} leads to, given what the directory answered. */
    public static NotificationSentEvent notificationSent(Instant sendAt, ContactPoints contactPoints,
                                                         Map<Channel, SkipReason> skipped, Channel... channels) {
        return new NotificationSentEvent(NOTIFICATION_ID, SENDER_ID, RECIPIENT_ID, CATEGORY, Priority.HIGH,
                                         channelSet(channels), skipped, "Your invoice", "It is ready.",
                                         Map.of("amount", 42), sendAt, contactPoints, FINGERPRINT);
    }

    public static NotificationSentEvent notificationSent(Instant sendAt, Channel... channels) {
        return notificationSent(sendAt, everyContactPoint(), Map.of(), channels);
    }

    public static final String TEMPLATE_KEY = "order-shipped";

    /** A template's content in one locale: in-app, email with HTML, SMS and a webhook field. */
    public static ChannelContents templateContent(String greeting) {
        return new ChannelContents(new InAppContent(greeting + " {{name}}", "Order {{order.id}} has shipped"),
                                   new EmailContent("Order {{order.id}}", greeting + " {{name}}",
                                                    "<p>" + greeting + " <b>{{name}}</b></p>"),
                                   new SmsContent(greeting + " {{name}}: order {{order.id}} shipped"), null,
                                   Map.of("orderId", "{{order.id}}"));
    }

    public static Map<String, ChannelContents> englishAndGerman() {
        return Map.of("en", templateContent("Hello"), "de", templateContent("Hallo"));
    }

    public static SaveTemplateCommand saveTemplate(Map<String, ChannelContents> locales) {
        return new SaveTemplateCommand(TEMPLATE_KEY, SENDER_ID, "en", locales);
    }

    public static TemplateCreatedEvent templateCreated(Map<String, ChannelContents> locales) {
        return new TemplateCreatedEvent(TEMPLATE_KEY, 1, "en", new TreeMap<>(locales), SENDER_ID);
    }

    private static Set<Channel> channelSet(Channel... channels) {
        return channels.length == 0 ? EnumSet.noneOf(Channel.class) : EnumSet.of(channels[0], channels);
    }
}
