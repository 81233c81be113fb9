package dev.herald.saga.channel;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON POST to a provider, and what its answer means for delivery. Shared by the webhook, SMS and push adapters:
 * 2xx is delivered; 408, 429, 5xx, timeouts and connection errors are worth retrying (honouring {@code Retry-After});
 * any other status means this request will never succeed.
 */
public final class HttpDelivery {

    private static final int MAX_DETAIL = 200;

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Clock clock;

    /**
     * HTTP/1.1 only, because webhook receivers are arbitrary servers and some mishandle the h2c upgrade that the JDK
     * client attempts on plain http. Redirects are not followed: a provider URL that redirects is misconfigured.
     */
    public HttpDelivery(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.client = HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .connectTimeout(connectTimeout)
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .build();
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    DeliveryOutcome postJson(URI url, String json, Map<String, String> headers) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                                                     .timeout(requestTimeout)
                                                     .header("Content-Type", "application/json")
                                                     .header("User-Agent", "Herald");
            headers.forEach(builder::header);
            request = builder.POST(HttpRequest.BodyPublishers.ofString(json, UTF_8)).build();
        } catch (IllegalArgumentException unusable) {
            return DeliveryOutcome.permanent("unusable URL " + origin(url) + ": " + unusable.getMessage());
        }
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
            return classify(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                            origin(url) + " answered " + response.statusCode() + detail(response.body()),
                            clock.instant());
        } catch (HttpConnectTimeoutException e) {
            return DeliveryOutcome.retryable("no connection to " + origin(url) + " within " + connectTimeout);
        } catch (HttpTimeoutException e) {
            return DeliveryOutcome.retryable("no answer from " + origin(url) + " within " + requestTimeout);
        } catch (IOException e) {
            return DeliveryOutcome.retryable("cannot reach " + origin(url) + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.retryable("interrupted while calling " + origin(url));
        }
    }

    /** How an HTTP status answers one attempt; {@code error} describes a failure. */
    static DeliveryOutcome classify(int status, String retryAfter, String error, Instant now) {
        if (status >= 200 && status < 300) {
            return DeliveryOutcome.delivered();
        }
        if (status == 408 || status == 429 || status >= 500) {
            return DeliveryOutcome.retryable(error, RetryAfter.parse(retryAfter, now).orElse(null));
        }
        return DeliveryOutcome.permanent(error);
    }

    /** Scheme, host and port only: a webhook URL's path or query may hold a secret, and errors end up in events. */
    static String origin(URI url) {
        if (url == null || url.getHost() == null) {
            return "<invalid URL>";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    private static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "..." : oneLine);
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + " " + e.getMessage();
    }
}
