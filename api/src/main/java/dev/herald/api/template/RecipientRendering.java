package dev.herald.api.template;

/**
 * A template rendered for one recipient: the version and locale used, the notification's title and body and the
 * content per channel; or, when it could not be rendered, only {@code failure} (the reason, naming the field and
 * variable).
 */
public record RecipientRendering(TemplateRef template, String title, String body, ChannelContents content,
                                 String failure) {

    public static RecipientRendering failed(String reason) {
        return new RecipientRendering(null, null, null, null, reason);
    }

    public boolean rendered() {
        return failure == null;
    }
}
