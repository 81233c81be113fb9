package dev.herald.api.digest;

import dev.herald.api.Channel;
import java.util.Set;

/**
 * A send's wish to be collected into its recipient's digest under {@code key}: its EMAIL, PUSH and SMS go out only
 * as part of one digest notification when the window closes; IN_APP and WEBHOOK still go out at once.
 *
 * @param key    names the digest; sends with different keys never merge
 * @param window the window's text form ({@link DigestWindow}), canonical
 */
public record DigestRequest(String key, String window) {

    /** The channels a digest collects; IN_APP and WEBHOOK still deliver each notification at once. */
    public static final Set<Channel> CHANNELS = Set.of(Channel.EMAIL, Channel.PUSH, Channel.SMS);
}
