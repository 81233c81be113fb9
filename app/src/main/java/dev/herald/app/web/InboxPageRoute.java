package dev.herald.app.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Serves the recipient inbox page at {@code /inbox}; its scripts and styles are static files under it. */
@Configuration(proxyBeanMethods = false)
class InboxPageRoute {

    @Bean
    RouterFunction<ServerResponse> inboxPage() {
        Resource page = new ClassPathResource("static/inbox/index.html");
        return RouterFunctions.route(GET("/inbox").or(GET("/inbox/")),
                request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page));
    }
}
