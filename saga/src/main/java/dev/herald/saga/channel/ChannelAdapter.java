package dev.herald.saga.channel;

import dev.herald.api.Channel;

/**
 * The port to one delivery channel's provider. Adapters are the only code that knows a provider.
 *
 * <p>Contract: {@link #deliver} blocks for at most the configured connect and request timeouts, and reports every
 * provider failure as a {@link DeliveryOutcome.Failed} (retryable or permanent) rather than throwing. It may be
 * called again with the same {@link DeliveryRequest#idempotencyKey()} after a crash or a lost outcome; adapters pass
 * that key on, so that the provider can drop the repeat.
 */
public interface ChannelAdapter {

    Channel channel();

    DeliveryOutcome deliver(DeliveryRequest request);
}
