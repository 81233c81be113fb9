package dev.herald.query.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;

/** The sender's free-form data as stored in the inbox: JSON text, in the order the event carried it. */
final class InboxData {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private InboxData() {
    }

    static String write(Map<String, Object> data) {
        try {
            return JSON.writeValueAsString(data == null ? Map.of() : data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification data is not serializable as JSON", e);
        }
    }

    static Map<String, Object> read(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored notification data is not JSON", e);
        }
    }
}
