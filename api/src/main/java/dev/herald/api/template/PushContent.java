package dev.herald.api.template;

/** A push message's title and body. */
public record PushContent(String title, String body) {
}
