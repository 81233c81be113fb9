package dev.herald.app.store;

import org.axonframework.common.transaction.TransactionManager;

/**
 * What the command bus needs from the profile's event store: the transaction that each command's unit of work
 * runs in, and when a committed command may be acknowledged.
 */
public record CommandStorage(TransactionManager transactionManager, CommitDurability durability) {
}
