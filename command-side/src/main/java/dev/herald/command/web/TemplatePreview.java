package dev.herald.command.web;

import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.TemplateRef;

/** A template rendered without sending: the version and locale used, the title and body, the content per channel. */
record TemplatePreview(TemplateRef template, String title, String body, ChannelContents content) {
}
