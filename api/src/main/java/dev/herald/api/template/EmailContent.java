package dev.herald.api.template;

/** An email: subject, plain text and, optionally, HTML (sent as multipart/alternative when present). */
public record EmailContent(String subject, String text, String html) {
}
