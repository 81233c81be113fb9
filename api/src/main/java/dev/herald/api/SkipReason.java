package dev.herald.api;

/** Why a requested channel was not attempted. */
public enum SkipReason {
    /** The recipient cancelled their subscription to the notification's category on this channel. */
    OPTED_OUT,
    /** The recipient has no contact point for this channel (no email address, no phone, ...). */
    NO_CONTACT_POINT,
    /** The send asked for a digest: this channel goes out once, in the digest notification of its window. */
    DIGESTED,
    /** The send went past its throttle: the recipient already had {@code limit} sends of its key in the window. */
    THROTTLED
}
