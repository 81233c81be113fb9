package dev.herald.saga.channel;

import java.net.URI;
import java.net.URISyntaxException;

final class HttpUrls {

    private HttpUrls() {
    }

    /** The URL when it is an absolute http or https URL with a host, else null. */
    static URI parse(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
