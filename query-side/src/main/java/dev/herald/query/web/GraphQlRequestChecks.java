package dev.herald.query.web;

import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.graphql.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.MediaTypes;
import org.springframework.graphql.server.webflux.GraphQlRequestPredicates;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/**
 * A request to the GraphQL path that GraphQL cannot serve (another method, a body that is not JSON, an
 * {@code Accept} it cannot produce) gets the problem document a REST endpoint answers for the same mistake.
 * Spring Boot's own routes answer these with an empty 405 or 415 (a wrong {@code Accept} included), or no route at
 * all; this one runs first, matches only what GraphQL's own predicates refuse, and raises Spring's standard
 * exceptions, which the app's exception handler turns into problems like any other.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlRequestChecks {

    static final List<MediaType> PRODUCED = List.of(
            MediaTypes.APPLICATION_GRAPHQL_RESPONSE, MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM);
    private static final MediaType APPLICATION_GRAPHQL = MediaType.parseMediaType("application/graphql");

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> graphQlRefusals(ObjectProvider<GraphQlProperties> properties) {
        // Spring Boot's GraphQL auto-configuration binds the properties; a slice without it still gets the default path
        String path = properties.getIfAvailable(GraphQlProperties::new).getHttp().getPath();
        RequestPredicate served = GraphQlRequestPredicates.graphQlHttp(path)
                .or(GraphQlRequestPredicates.graphQlSse(path));
        return RouterFunctions.route(RequestPredicates.path(path).and(served.negate()),
                                     request -> Mono.error(refusal(request)));
    }

    static ResponseStatusException refusal(ServerRequest request) {
        if (!HttpMethod.POST.equals(request.method())) {
            return new MethodNotAllowedException(request.method(), Set.of(HttpMethod.POST));
        }
        MediaType contentType = request.headers().contentType().orElse(null);
        if (contentType == null || !MediaType.APPLICATION_JSON.includes(contentType)
                                   && !APPLICATION_GRAPHQL.includes(contentType)) {
            return new UnsupportedMediaTypeStatusException(contentType, List.of(MediaType.APPLICATION_JSON),
                                                           HttpMethod.POST);
        }
        return new NotAcceptableStatusException(PRODUCED);
    }
}
