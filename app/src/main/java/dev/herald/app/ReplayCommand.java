package dev.herald.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar herald-exec.jar replay <projection|all> [--url=http://localhost:8080] [--api-key=KEY]}: asks a
 * running Herald to rebuild projections (the old read model keeps serving until the new one has caught up) and
 * draws the progress. It is a client of the admin API and not a second Herald on the same data, because the
 * embedded stores belong to the running process. The key may also come from {@code HERALD_API_KEY}.
 */
final class ReplayCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR_WIDTH = 30;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;
    private final PrintStream out;

    private ReplayCommand(String baseUrl, String apiKey, PrintStream out) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.out = out;
    }

    static int run(String[] args, PrintStream out) {
        String url = "http://localhost:8080";
        String key = System.getenv("HERALD_API_KEY");
        List<String> names = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--url=")) {
                url = args[i].substring("--url=".length());
            } else if (args[i].startsWith("--api-key=")) {
                key = args[i].substring("--api-key=".length());
            } else {
                names.add(args[i]);
            }
        }
        if (names.size() != 1 || key == null || key.isBlank()) {
            out.println("usage: replay <projection|all> [--url=http://localhost:8080] [--api-key=KEY]"
                    + " (or HERALD_API_KEY); an admin key is needed");
            return 2;
        }
        try {
            return new ReplayCommand(url.replaceAll("/+$", ""), key, out).replay(names.get(0));
        } catch (IOException | IllegalStateException e) {
            out.println("replay failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private int replay(String name) throws IOException, InterruptedException {
        List<String> targets = new ArrayList<>();
        for (JsonNode projection : projections()) {
            if (name.equals("all") || projection.path("name").asText().equals(name)) {
                targets.add(projection.path("name").asText());
            }
        }
        if (targets.isEmpty()) {
            out.println("no projection named '" + name + "'; known: " + names(projections()));
            return 2;
        }
        for (String target : targets) {
            send("POST", "/api/v1/admin/projections/" + target + "/replay");
            follow(target);
        }
        return 0;
    }

    private void follow(String name) throws IOException, InterruptedException {
        while (true) {
            JsonNode projection = null;
            for (JsonNode candidate : projections()) {
                if (candidate.path("name").asText().equals(name)) {
                    projection = candidate;
                }
            }
            if (projection == null) {
                throw new IllegalStateException("projection " + name + " disappeared");
            }
            JsonNode replay = projection.path("replay");
            long processed = replay.path("processed").asLong();
            long total = Math.max(replay.path("total").asLong(), processed);
            boolean live = "LIVE".equals(projection.path("status").asText());
            out.print("\r" + line(name, processed, total, replay.path("eventsPerSecond").asDouble(),
                    replay.path("eta").asText(""), live));
            if (live) {
                out.println();
                return;
            }
            Thread.sleep(500);
        }
    }

    static String line(String name, long processed, long total, double perSecond, String eta, boolean done) {
        double fraction = total == 0 ? 1 : (double) processed / total;
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return String.format("%-20s [%s%s] %3d%% %,d/%,d events %,.0f/s %s", name, "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled), Math.round(fraction * 100), processed, total, perSecond,
                done ? "done" : eta.isEmpty() ? "" : "eta " + eta);
    }

    private JsonNode projections() throws IOException, InterruptedException {
        JsonNode body = send("GET", "/api/v1/admin/projections");
        return body.isArray() ? body : body.path("projections");
    }

    private static String names(JsonNode projections) {
        List<String> names = new ArrayList<>();
        projections.forEach(projection -> names.add(projection.path("name").asText()));
        return String.join(", ", names);
    }

    private JsonNode send(String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "ApiKey " + apiKey)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            String detail = response.body();
            try {
                detail = JSON.readTree(response.body()).path("detail").asText(detail);
            } catch (IOException notJson) {
                // keep the raw body
            }
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + detail);
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
