package dev.herald.api.broadcast;

public enum BroadcastState { RUNNING, DONE }
