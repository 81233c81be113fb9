package dev.herald.api.notification;

/** Where one channel of one notification stands. The last four are final: nothing changes them afterwards. */
public enum DeliveryStatus {
    PENDING, RETRYING, DELIVERED, FAILED, SKIPPED, CANCELLED;

    public boolean isFinal() {
        return this != PENDING && this != RETRYING;
    }
}
