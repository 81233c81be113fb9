package dev.herald.app.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Herald's OpenAPI document (springdoc serves it at {@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}).
 * springdoc infers paths, parameters and schemas from the handlers; what it cannot see is here, in one table
 * ({@link #ROUTES}): who may call each route, what it is for, every status it answers and examples. Every error
 * answer is declared with the {@value #PROBLEM} schema, the RFC 9457 document Herald answers with.
 *
 * <p><b>Adding an endpoint</b>: add one {@link Route} row to {@link #ROUTES} with its method, path (as springdoc
 * writes it, with {@code {variables}}), caller, summary, success statuses and the error statuses it can answer
 * besides the ones every route of its kind gets (see {@link Route#declaredProblems}). {@code ApiDocumentIT} fails
 * while a route that Spring serves has no row, while a row names no route, and when a route answers a status its
 * row does not declare. Routes that no annotation describes (router functions) are added to the document from their
 * row alone.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

    static final String PROBLEM = "Problem";
    static final String API_KEY = "ApiKey";
    static final String BEARER = "RecipientToken";

    static {
        // The caller is Herald's to know (from the credentials), not a parameter a client sends.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Principal.class);
    }

    /** Who may call a route, which decides its security scheme and the 401 and 403 it may answer. */
    public enum Caller {
        /** No credentials; the route checks what it is given itself. */
        ANYONE,
        /** {@code Authorization: ApiKey <key>} with the {@code send} or {@code admin} scope. */
        SENDER,
        /** {@code Authorization: ApiKey <key>} with the {@code admin} scope. */
        ADMIN,
        /** {@code Authorization: Bearer <recipient token>}. */
        RECIPIENT
    }

    /**
     * One route as the document declares it.
     *
     * @param answers  the success statuses and what each means
     * @param problems the error statuses this route answers beyond those {@link #declaredProblems} adds for every
     *                 route of its kind
     * @param details  anything else: request examples, parameters springdoc cannot see, other media types
     */
    public record Route(HttpMethod method, String path, Caller caller, String tag, String summary,
                        Map<Integer, String> answers, List<Integer> problems, Consumer<Operation> details) {

        public String key() {
            return method.name() + " " + path;
        }

        /**
         * The route's own problems plus those of its kind: 401 without valid credentials, 403 for an admin route
         * called with a send key, 406 when the client accepts none of the route's media types, 413 and 415 for a
         * request body too large or not JSON, 503 (with {@code Retry-After}) when a store or node does not answer
         * in time or Herald is at capacity.
         */
        List<Integer> declaredProblems(boolean hasRequestBody) {
            TreeSet<Integer> all = new TreeSet<>(problems);
            if (caller != Caller.ANYONE) {
                all.add(401);
            }
            if (caller == Caller.ADMIN) {
                all.add(403);
            }
            if (hasRequestBody) {
                all.add(413);
                all.add(415);
            }
            if (path.startsWith("/api/")) {
                all.add(406);
                all.add(503);
            }
            return List.copyOf(all);
        }
    }

    private static final String SENDERS = "Senders";
    private static final String RECIPIENTS = "Recipients";
    private static final String ADMINS = "Administration";
    private static final String PAGES = "Pages";
    private static final String TEMPLATES = "Templates";
    private static final String TOPICS = "Topics and broadcasts";

    private static final String NOTIFICATION_EXAMPLE = """
            {"recipientId":"alice","category":"billing","priority":"HIGH","channels":["IN_APP","EMAIL"],\
            "title":"Your invoice is ready","body":"Invoice 2026-0042: 42.00 EUR","data":{"invoiceId":"2026-0042"}}""";

    private static final String PREFERENCES_EXAMPLE =
            "{\"timeZone\":\"Europe/London\",\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"}}";

    /** Every route Herald serves outside GraphQL (whose schema is its own reference) and the actuator. */
    public static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.PUT, "/api/v1/recipients/{recipientId}", Caller.SENDER, SENDERS,
                    "Create a recipient or replace its contact points",
                    Map.of(200, "The contact points were replaced (or the same ones sent again)",
                            201, "The recipient was created"),
                    List.of(400, 409), op -> jsonExample(op, """
                            {"email":"alice@example.com","phone":"+15550100","locale":"en-GB",\
                            "timeZone":"Europe/London"}""")),
            new Route(HttpMethod.POST, "/api/v1/recipients/{recipientId}/subscriptions/cancel", Caller.SENDER,
                    SENDERS, "Opt a recipient out of a category (* for every one) on some or all channels",
                    Map.of(200, "The recipient is opted out"), List.of(400, 404, 409),
                    op -> jsonExample(op, "{\"category\":\"news\",\"channels\":[\"EMAIL\"]}")),
            new Route(HttpMethod.POST, "/api/v1/recipients/{recipientId}/subscriptions/renew", Caller.SENDER,
                    SENDERS, "Opt a recipient back in", Map.of(200, "The recipient is opted in again"),
                    List.of(400, 404, 409), op -> jsonExample(op, "{\"category\":\"news\",\"channels\":[\"EMAIL\"]}")),
            new Route(HttpMethod.GET, "/api/v1/recipients/{recipientId}/preferences", Caller.SENDER, SENDERS,
                    "A recipient's preferences: time zone and quiet hours",
                    Map.of(200, "The preferences as recorded"), List.of(400, 404), op -> { }),
            new Route(HttpMethod.PUT, "/api/v1/recipients/{recipientId}/preferences", Caller.SENDER, SENDERS,
                    "Set a recipient's quiet hours (null for none) and, optionally, time zone",
                    Map.of(200, "The preferences as recorded"), List.of(400, 404, 409),
                    op -> jsonExample(op, PREFERENCES_EXAMPLE)),
            new Route(HttpMethod.POST, "/api/v1/notifications", Caller.SENDER, SENDERS,
                    "Send a notification; the same Idempotency-Key with the same body answers the first result",
                    Map.of(202, "Accepted and durably stored; Location names it, Idempotent-Replayed: true on a "
                            + "repeat"),
                    List.of(400, 404, 409, 422), op -> {
                        jsonExample(op, NOTIFICATION_EXAMPLE);
                        describe(op, "Idempotency-Key", "1 to 255 visible ASCII characters; a repeat with the "
                                + "same body answers the first result", "invoice-2026-0042");
                    }),
            new Route(HttpMethod.GET, "/api/v1/notifications/{id}", Caller.SENDER, SENDERS,
                    "A notification's status and each channel's attempts (its sender's, or any for an admin)",
                    Map.of(200, "The notification's status"), List.of(404), op -> { }),
            new Route(HttpMethod.POST, "/api/v1/notifications/{notificationId}/cancel", Caller.SENDER, SENDERS,
                    "Cancel a scheduled notification before its sendAt",
                    Map.of(200, "Cancelled (or cancelled already)"), List.of(404, 409), op -> { }),
            new Route(HttpMethod.POST, "/api/v1/recipient-tokens", Caller.SENDER, SENDERS,
                    "Mint a recipient token (an HS256 JWT) for a recipient's front end",
                    Map.of(200, "The token and when it expires"), List.of(400), op -> {
                        op.getRequestBody().setContent(json(new ObjectSchema()
                                .addProperty("recipientId", new StringSchema().maxLength(128))
                                .addProperty("ttl", new StringSchema().description(
                                        "ISO-8601 duration such as PT15M, or a number of seconds; default PT1H"))
                                .required(List.of("recipientId"))));
                        jsonExample(op, "{\"recipientId\":\"alice\",\"ttl\":\"PT15M\"}");
                    }),
            new Route(HttpMethod.GET, "/api/v1/unsubscribe", Caller.ANYONE, SENDERS,
                    "The page an email's unsubscribe link opens (it asks before it unsubscribes)",
                    Map.of(200, "A confirmation page"), List.of(400), op -> html(op, 200)),
            new Route(HttpMethod.POST, "/api/v1/unsubscribe", Caller.ANYONE, SENDERS,
                    "One-click unsubscribe (RFC 8058); the signed token is the credential",
                    Map.of(200, "Unsubscribed; a page saying so"), List.of(400), op -> html(op, 200)),
            new Route(HttpMethod.POST, "/api/v1/admin/api-keys", Caller.ADMIN, ADMINS,
                    "Issue an API key; its secret is shown in this answer only",
                    Map.of(201, "The new key with its secret"), List.of(400),
                    op -> jsonExample(op, "{\"senderId\":\"billing-service\",\"name\":\"billing\","
                            + "\"scopes\":[\"send\"]}")),
            new Route(HttpMethod.GET, "/api/v1/admin/api-keys", Caller.ADMIN, ADMINS, "List API keys (no secrets)",
                    Map.of(200, "Every key, revoked ones included"), List.of(), op -> { }),
            new Route(HttpMethod.DELETE, "/api/v1/admin/api-keys/{keyId}", Caller.ADMIN, ADMINS,
                    "Revoke an API key (it stops working within 5 seconds)", Map.of(204, "Revoked"),
                    List.of(404), op -> { }),
            new Route(HttpMethod.GET, "/api/v1/admin/projections", Caller.ADMIN, ADMINS,
                    "Every read model's status and replay progress", Map.of(200, "One report per projection"),
                    List.of(), op -> { }),
            new Route(HttpMethod.GET, "/api/v1/admin/projections/{name}", Caller.ADMIN, ADMINS,
                    "One read model's status and replay progress", Map.of(200, "The projection's report"),
                    List.of(404), op -> { }),
            new Route(HttpMethod.POST, "/api/v1/admin/projections/{name}/replay", Caller.ADMIN, ADMINS,
                    "Rebuild a read model from the event store while the old version keeps answering",
                    Map.of(202, "The rebuild has started; GET the projection to follow it"), List.of(404, 409),
                    op -> { }),
            new Route(HttpMethod.GET, "/api/v1/admin/processors", Caller.ADMIN, ADMINS,
                    "Every event processor's segments, which node holds which, and its lag",
                    Map.of(200, "The nodes and processors"), List.of(), op -> { }),
            new Route(HttpMethod.GET, "/api/v1/me/notifications", Caller.RECIPIENT, RECIPIENTS,
                    "The recipient's inbox, newest first, a page at a time", Map.of(200, "A page of the inbox"),
                    List.of(400), op -> { }),
            new Route(HttpMethod.GET, "/api/v1/me/unread-count", Caller.RECIPIENT, RECIPIENTS,
                    "Unread and total counts, in all and per category", Map.of(200, "The counts"), List.of(),
                    op -> { }),
            new Route(HttpMethod.POST, "/api/v1/me/notifications/{id}/read", Caller.RECIPIENT, RECIPIENTS,
                    "Mark a notification read", Map.of(204, "Marked read"), List.of(400, 404, 409), op -> { }),
            new Route(HttpMethod.POST, "/api/v1/me/notifications/{id}/unread", Caller.RECIPIENT, RECIPIENTS,
                    "Mark a notification unread", Map.of(204, "Marked unread"), List.of(400, 404, 409), op -> { }),
            new Route(HttpMethod.POST, "/api/v1/me/notifications/{id}/archive", Caller.RECIPIENT, RECIPIENTS,
                    "Archive a notification (it leaves the inbox and its counts)", Map.of(204, "Archived"),
                    List.of(400, 404, 409), op -> { }),
            new Route(HttpMethod.POST, "/api/v1/me/notifications/read-all", Caller.RECIPIENT, RECIPIENTS,
                    "Mark every unread notification (of a category, if given) read",
                    Map.of(200, "How many were marked"), List.of(400), op -> { }),
            new Route(HttpMethod.GET, "/api/v1/me/subscriptions", Caller.RECIPIENT, RECIPIENTS,
                    "The recipient's opt-outs", Map.of(200, "The opt-outs"), List.of(), op -> { }),
            new Route(HttpMethod.PUT, "/api/v1/me/subscriptions", Caller.RECIPIENT, RECIPIENTS,
                    "Replace the recipient's opt-outs (an empty list opts in to everything)",
                    Map.of(200, "The opt-outs as they will be recorded"), List.of(400, 409),
                    op -> jsonExample(op, "{\"optOuts\":[{\"category\":\"news\",\"channels\":[\"EMAIL\"]}]}")),
            new Route(HttpMethod.GET, "/api/v1/me/preferences", Caller.RECIPIENT, RECIPIENTS,
                    "The recipient's preferences: time zone and quiet hours",
                    Map.of(200, "The preferences as recorded"), List.of(404), op -> { }),
            new Route(HttpMethod.PUT, "/api/v1/me/preferences", Caller.RECIPIENT, RECIPIENTS,
                    "Set the recipient's quiet hours (null for none) and, optionally, time zone",
                    Map.of(200, "The preferences as recorded"), List.of(400, 404, 409),
                    op -> jsonExample(op, PREFERENCES_EXAMPLE)),
            new Route(HttpMethod.GET, "/api/v1/me/stream", Caller.RECIPIENT, RECIPIENTS,
                    "Live updates as Server-Sent Events: connected, notification (id = inbox position), "
                            + "unread-count, heartbeat",
                    Map.of(200, "An endless event stream"), List.of(400), ApiDocumentation::eventStream),
            new Route(HttpMethod.PUT, "/api/v1/templates/{key}", Caller.SENDER, TEMPLATES,
                    "Save a template: content per locale; each change adds a version",
                    Map.of(200, "Saved (changed says whether a version was added)", 201, "The template was created"),
                    List.of(400, 409), op -> jsonExample(op, """
                            {"defaultLocale":"en","locales":{"en":{"inApp":{"title":"Hello {{name}}",\
                            "body":"Your order {{order.id}} has shipped"}}}}""")),
            new Route(HttpMethod.GET, "/api/v1/templates/{key}", Caller.SENDER, TEMPLATES,
                    "A template's latest version, or the one asked for", Map.of(200, "The template"),
                    List.of(400, 404), op -> { }),
            new Route(HttpMethod.DELETE, "/api/v1/templates/{key}", Caller.SENDER, TEMPLATES,
                    "Archive a template (also when archived already)", Map.of(204, "Archived"),
                    List.of(400, 404, 409), op -> { }),
            new Route(HttpMethod.POST, "/api/v1/templates/{key}/preview", Caller.SENDER, TEMPLATES,
                    "Render a template with sample data, as a send would; nothing is stored",
                    Map.of(200, "The rendered content"), List.of(400, 404, 422),
                    op -> jsonExample(op, "{\"locale\":\"en\",\"data\":{\"name\":\"Anna\","
                            + "\"order\":{\"id\":\"A-17\"}}}")),
            new Route(HttpMethod.GET, "/api/v1/templates", Caller.SENDER, TEMPLATES,
                    "Every template (archived ones with ?archived=true)", Map.of(200, "The templates"),
                    List.of(400), op -> { }),
            new Route(HttpMethod.PUT, "/api/v1/topics/{topic}/subscribers", Caller.SENDER, TOPICS,
                    "Subscribe recipients to a topic (up to 1,000 a call)", Map.of(204, "Subscribed"),
                    List.of(400, 409), op -> jsonExample(op, "{\"recipientIds\":[\"alice\",\"bob\"]}")),
            new Route(HttpMethod.DELETE, "/api/v1/topics/{topic}/subscribers", Caller.SENDER, TOPICS,
                    "Unsubscribe recipients from a topic", Map.of(204, "Unsubscribed"), List.of(400, 409),
                    op -> jsonExample(op, "{\"recipientIds\":[\"bob\"]}")),
            new Route(HttpMethod.GET, "/api/v1/topics/{topic}/subscribers", Caller.SENDER, TOPICS,
                    "A topic's subscribers, a page at a time (after = the previous page's next)",
                    Map.of(200, "A page of subscribers"), List.of(400), op -> { }),
            new Route(HttpMethod.GET, "/api/v1/broadcasts/{id}", Caller.SENDER, TOPICS,
                    "A broadcast's progress (its sender's, or any for an admin)", Map.of(200, "The broadcast"),
                    List.of(404), op -> { }),
            new Route(HttpMethod.GET, "/api/v1/me/topics", Caller.RECIPIENT, RECIPIENTS,
                    "The topics the recipient is subscribed to", Map.of(200, "The topics"), List.of(), op -> { }),
            new Route(HttpMethod.DELETE, "/api/v1/me/topics/{topic}", Caller.RECIPIENT, RECIPIENTS,
                    "Leave a topic (also when not subscribed)", Map.of(204, "Left"), List.of(400, 409), op -> { }),
            new Route(HttpMethod.POST, "/api/v1/webhook-secrets", Caller.SENDER, SENDERS,
                    "A new webhook signing secret for the caller (shown once); webhooks are signed by each live one",
                    Map.of(201, "The new secret"), List.of(409), op -> { }),
            new Route(HttpMethod.GET, "/api/v1/webhook-secrets", Caller.SENDER, SENDERS,
                    "The caller's webhook secrets, without their values", Map.of(200, "The secrets"), List.of(),
                    op -> { }),
            new Route(HttpMethod.DELETE, "/api/v1/webhook-secrets/{secretId}", Caller.SENDER, SENDERS,
                    "Retire a webhook secret: it no longer signs", Map.of(204, "Retired"), List.of(404), op -> { }),
            new Route(HttpMethod.GET, "/inbox", Caller.ANYONE, PAGES,
                    "The inbox page for recipients (sign in with a token, or open /inbox#token=<jwt>)",
                    Map.of(200, "The page"), List.of(), op -> html(op, 200)));

    @Bean
    OpenApiCustomizer heraldApiDocumentation() {
        return ApiDocumentation::customize;
    }

    static void customize(OpenAPI api) {
        api.info(new Info().title("Herald").version("v1")
                .description("""
                        An event-sourced notification service. Senders authenticate with `Authorization: ApiKey \
                        <key>`, recipients with `Authorization: Bearer <recipient token>` (minted by \
                        POST /api/v1/recipient-tokens). Every error is an RFC 9457 problem document \
                        (`application/problem+json`) with a stable `code`. GraphQL for recipients is at \
                        /graphql; its schema is the reference for it."""));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.components(components);
        components.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("Authorization")
                .description("A sender's or admin's API key, sent as `ApiKey <key>` (the word ApiKey, a space, "
                        + "the key)"));
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT")
                .description("A recipient token from POST /api/v1/recipient-tokens"));
        components.addSchemas(PROBLEM, problemSchema());

        if (api.getPaths() == null) {
            api.setPaths(new io.swagger.v3.oas.models.Paths());
        }
        for (Route route : ROUTES) {
            PathItem item = api.getPaths().computeIfAbsent(route.path(), path -> new PathItem());
            Operation operation = operation(item, route.method());
            if (operation == null) {
                // A router function: nothing annotated describes it, so its row is all there is.
                operation = new Operation().operationId(operationId(route));
                item.operation(PathItem.HttpMethod.valueOf(route.method().name()), operation);
            }
            apply(route, operation);
        }
    }

    private static void apply(Route route, Operation operation) {
        operation.setTags(List.of(route.tag()));
        operation.setSummary(route.summary());
        switch (route.caller()) {
            case ANYONE -> operation.setSecurity(List.of());
            case SENDER, ADMIN -> operation.setSecurity(List.of(new SecurityRequirement().addList(API_KEY)));
            case RECIPIENT -> operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
        }
        Content inferred = successContent(operation.getResponses());
        ApiResponses responses = new ApiResponses();
        new TreeMap<>(route.answers()).forEach((status, description) -> {
            ApiResponse response = new ApiResponse().description(description);
            if (status != HttpStatus.NO_CONTENT.value() && inferred != null) {
                response.setContent(inferred);
            }
            responses.addApiResponse(String.valueOf(status), response);
        });
        operation.setResponses(responses);
        route.details().accept(operation);
        for (int status : route.declaredProblems(operation.getRequestBody() != null)) {
            responses.addApiResponse(String.valueOf(status), problem(status, route.path()));
        }
    }

    /** What springdoc inferred from the handler's return type, as JSON (springdoc writes every type it may be). */
    private static Content successContent(ApiResponses inferred) {
        if (inferred == null) {
            return null;
        }
        return inferred.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("2"))
                .map(entry -> entry.getValue().getContent())
                .filter(Objects::nonNull)
                .filter(content -> !content.isEmpty())
                .findFirst()
                .map(content -> {
                    MediaType first = content.values().iterator().next();
                    return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                            first);
                })
                .orElse(null);
    }

    private static ApiResponse problem(int status, String path) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String code = switch (status) {
            case 400 -> "INVALID_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 406 -> "NOT_ACCEPTABLE";
            case 409 -> "CONFLICT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 422 -> "IDEMPOTENCY_KEY_REUSED";
            case 503 -> "OVERLOADED";
            default -> "REQUEST_REJECTED";
        };
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "https://herald.dev/problems/" + code.toLowerCase().replace('_', '-'));
        example.put("title", title);
        example.put("status", status);
        example.put("detail", PROBLEM_DETAILS.getOrDefault(status, title));
        example.put("instance", path);
        example.put("code", code);
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                .example(example);
        ApiResponse response = new ApiResponse().description(PROBLEM_DESCRIPTIONS.getOrDefault(status, title))
                .content(new Content().addMediaType(
                        org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE, media));
        if (status == 401) {
            response.addHeaderObject("WWW-Authenticate", new Header().schema(new StringSchema())
                    .description("The scheme this route expects: ApiKey or Bearer"));
        }
        if (status == 503) {
            response.addHeaderObject("Retry-After", new Header().schema(new IntegerSchema())
                    .description("Seconds to wait before retrying (with the same Idempotency-Key)"));
        }
        return response;
    }

    private static final Map<Integer, String> PROBLEM_DESCRIPTIONS = Map.of(
            400, "The input is invalid; detail names the field and what is wrong",
            401, "No valid credentials for this route",
            403, "The credentials are valid but lack the scope this route needs",
            404, "No such resource (or not the caller's)",
            406, "The client accepts none of the media types this route answers with",
            409, "A conflict: a concurrent request, or a state that does not allow this (see code)",
            413, "The request body is larger than 64 KiB",
            415, "The request body is not JSON",
            422, "The Idempotency-Key was used before with another body",
            503, "Herald is at capacity, or a store or node did not answer in time; retry after Retry-After");

    private static final Map<Integer, String> PROBLEM_DETAILS = Map.of(
            400, "channels: unknown channel 'FAX', expected one of EMAIL, SMS, PUSH, WEBHOOK, IN_APP",
            401, "This request needs a valid API key in the Authorization header (none was given)",
            404, "notification '3f1c5b2e-0000-4000-8000-000000000000' not found",
            422, "the Idempotency-Key was used with a different request");

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem document; code is stable, detail is for people")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("code", new StringSchema().description("A stable machine-readable code, such as "
                        + "INVALID_REQUEST, UNAUTHENTICATED, NOTIFICATION_NOT_FOUND, IDEMPOTENCY_KEY_REUSED"))
                .required(List.of("type", "title", "status", "code"));
    }

    private static Operation operation(PathItem item, HttpMethod method) {
        return item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.name()));
    }

    private static String operationId(Route route) {
        List<String> words = new ArrayList<>();
        words.add(route.method().name().toLowerCase());
        Arrays.stream(route.path().split("[/{}-]")).filter(word -> !word.isEmpty())
                .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1)).forEach(words::add);
        return String.join("", words);
    }

    private static void describe(Operation operation, String parameter, String description, String example) {
        operation.getParameters().stream().filter(candidate -> candidate.getName().equals(parameter))
                .forEach(found -> found.description(description).example(example));
    }

    private static void jsonExample(Operation operation, String example) {
        RequestBody body = operation.getRequestBody();
        if (body == null || body.getContent() == null) {
            return;
        }
        body.getContent().values().forEach(media -> media.setExample(parse(example)));
    }

    private static Object parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an example in ApiDocumentation is not JSON: " + json, e);
        }
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(schema));
    }

    private static void html(Operation operation, int status) {
        operation.getResponses().get(String.valueOf(status)).setContent(new Content().addMediaType(
                org.springframework.http.MediaType.TEXT_HTML_VALUE, new MediaType().schema(new StringSchema())));
    }

    private static void eventStream(Operation operation) {
        operation.getResponses().get("200").setContent(new Content().addMediaType(
                org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE, new MediaType()
                        .schema(new StringSchema())
                        .example("id:4\nevent:notification\ndata:{\"id\":\"0ac01c88-0628-4b67-b23d-b4b8d0cc6129\","
                                + "\"category\":\"billing\",\"title\":\"Payment received\",\"position\":4}\n\n")));
        operation.addParametersItem(new Parameter().in("query").name("access_token").required(false)
                .description("The recipient token, for clients that cannot set headers (browsers' EventSource)")
                .schema(new StringSchema()));
    }
}
