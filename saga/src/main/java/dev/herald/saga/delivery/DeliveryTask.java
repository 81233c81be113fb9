package dev.herald.saga.delivery;

import dev.herald.api.Channel;
import dev.herald.api.Priority;
import java.time.Instant;

/**
 * One attempt the saga hands to a worker. It holds no content: the worker reads the notification itself, so that the
 * saga's stored state stays small.
 *
 * @param giveUpAt no retry of this channel may come later than this
 */
public record DeliveryTask(String notificationId, Channel channel, int attempt, Priority priority,
                           Instant giveUpAt) {
}
