package dev.herald.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-sent events from network chunks, which may split a line (or a UTF-8 character) anywhere. Lines are cut
 * at the byte level and only whole lines are decoded. Enough of the format for Herald's streams: {@code event},
 * {@code data} (several lines joined with a newline), {@code id}, comments; an event is dispatched at a blank line.
 * Not thread-safe: one parser per stream, fed in arrival order.
 */
final class SseParser {

    /** @param event the event name, {@code message} when none was given */
    record Event(String event, String data, String id) {
    }

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private String event;
    private StringBuilder data;
    private String id;

    List<Event> feed(byte[] chunk) {
        List<Event> events = new ArrayList<>(1);
        for (byte b : chunk) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] bytes = line.toByteArray();
            line.reset();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            Event complete = accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
            if (complete != null) {
                events.add(complete);
            }
        }
        return events;
    }

    private Event accept(String text) {
        if (text.isEmpty()) {
            if (data == null && event == null) {
                return null;
            }
            Event complete = new Event(event == null ? "message" : event, data == null ? "" : data.toString(), id);
            event = null;
            data = null;
            return complete;
        }
        if (text.startsWith(":")) {
            return null;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            case "id" -> id = value;
            default -> {
                // retry and unknown fields do not matter here
            }
        }
        return null;
    }
}
