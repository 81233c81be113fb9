package dev.herald.api;

/** Delivery order: HIGH work is taken before a backlog of NORMAL and LOW. */
public enum Priority {
    HIGH, NORMAL, LOW
}
