package dev.herald.api;

/** A way of reaching a recipient. Each notification names the channels it should go out on. */
public enum Channel {
    EMAIL, SMS, PUSH, WEBHOOK, IN_APP
}
