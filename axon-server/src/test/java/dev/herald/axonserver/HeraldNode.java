package dev.herald.axonserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.app.HeraldApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One Herald node started in this JVM against real servers, and the HTTP calls the container tests make. */
final class HeraldNode implements AutoCloseable {

    static final String ADMIN_KEY = "hk_container_test_bootstrap_admin_key";
    static final String JWT_SECRET = "container-test-jwt-secret-of-at-least-32-bytes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigurableApplicationContext context;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;

    HeraldNode(Path dataDir, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--herald.data-dir=" + dataDir,
                "--herald.security.bootstrap-api-key=" + ADMIN_KEY, "--herald.security.jwt-secret=" + JWT_SECRET,
                "--axon.update-check.disabled=true"));
        all.addAll(List.of(arguments));
        context = new SpringApplicationBuilder(HeraldApplication.class).run(all.toArray(String[]::new));
        baseUrl = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    JsonNode call(String method, String path, String authorization, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                    + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    JsonNode asAdmin(String method, String path, Object body) throws IOException, InterruptedException {
        return call(method, path, "ApiKey " + ADMIN_KEY, body);
    }

    @Override
    public void close() {
        context.close();
    }
}
