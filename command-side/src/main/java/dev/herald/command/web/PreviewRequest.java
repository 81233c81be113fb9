package dev.herald.command.web;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/templates/{key}/preview}.
 *
 * @param version null for the latest
 * @param locale  null for the template's default
 */
record PreviewRequest(Map<String, Object> data, String locale, Integer version) {
}
