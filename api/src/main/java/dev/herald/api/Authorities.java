package dev.herald.api;

/**
 * The scopes a caller may hold and the authorities Spring Security derives from them ({@code SCOPE_} and the scope),
 * named once for the app (which grants them) and the sides (which check them).
 */
public final class Authorities {

    /** API keys: send notifications and manage recipients. */
    public static final String SEND_SCOPE = "send";
    /** API keys: everything, the admin API included. */
    public static final String ADMIN_SCOPE = "admin";
    /** Recipient tokens: the recipient's own inbox. */
    public static final String RECIPIENT_SCOPE = "recipient";

    public static final String PREFIX = "SCOPE_";
    public static final String SEND = PREFIX + SEND_SCOPE;
    public static final String ADMIN = PREFIX + ADMIN_SCOPE;
    public static final String RECIPIENT = PREFIX + RECIPIENT_SCOPE;

    private Authorities() {
    }
}
