package dev.herald.api.template;

/** What the inbox shows: a title and a body. */
public record InAppContent(String title, String body) {
}
