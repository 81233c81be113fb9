package dev.herald.app.security;

import static org.springframework.security.config.web.server.SecurityWebFiltersOrder.AUTHENTICATION;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.herald.api.Authorities;
import dev.herald.api.ErrorCode;
import dev.herald.app.HeraldProperties;
import dev.herald.app.ratelimit.SenderRateLimiter;
import dev.herald.app.web.Problems;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Two kinds of caller. Senders and admins present {@code Authorization: ApiKey <key>} on {@code /api/v1/**};
 * recipients present {@code Authorization: Bearer <token>} (a short-lived JWT minted for them) on
 * {@code /api/v1/me/**} and see only their own data. Stateless: no sessions, no cookies, so no CSRF to defend.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

    static final String ISSUER = "herald";
    static final String AUDIENCE = "herald-inbox";
    static final String STREAM_PATH = "/api/v1/me/stream";

    /** From {@code herald.security.jwt-secret}; see {@link dev.herald.app.GeneratedSecrets} for the default. */
    @Bean
    SecretKey recipientTokenKey(HeraldProperties properties) {
        byte[] bytes = properties.security().jwtSecret().getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("herald.security.jwt-secret must be at least 32 bytes for HS256");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    @Bean
    JwtEncoder recipientTokenEncoder(SecretKey recipientTokenKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(recipientTokenKey));
    }

    @Bean
    ReactiveJwtDecoder recipientTokenDecoder(SecretKey recipientTokenKey) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(recipientTokenKey)
                .macAlgorithm(MacAlgorithm.HS256).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(AUDIENCE));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(ISSUER), audience));
        return decoder;
    }

    /**
     * Recipients: the REST API under /api/v1/me and GraphQL. The token comes in the Authorization header; only the
     * SSE stream also accepts it as {@code access_token} in the query, because browsers' EventSource cannot set
     * headers (a token in a URL can end up in logs, so no other path allows it).
     */
    @Bean
    @Order(1)
    SecurityWebFilterChain recipientChain(ServerHttpSecurity http, ReactiveJwtDecoder recipientTokenDecoder) {
        ServerWebExchangeMatcher stream = ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, STREAM_PATH);
        ServerBearerTokenAuthenticationConverter headerOnly = new ServerBearerTokenAuthenticationConverter();
        ServerBearerTokenAuthenticationConverter headerOrQuery = new ServerBearerTokenAuthenticationConverter();
        headerOrQuery.setAllowUriQueryParameter(true);
        ServerAuthenticationConverter tokens = exchange -> stream.matches(exchange)
                .flatMap(match -> match.isMatch() ? headerOrQuery.convert(exchange) : headerOnly.convert(exchange));
        return stateless(http)
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/v1/me/**", "/graphql", "/graphql/**"))
                .authorizeExchange(exchanges -> exchanges.anyExchange().hasAuthority(Authorities.RECIPIENT))
                .oauth2ResourceServer(oauth -> oauth
                        .bearerTokenConverter(tokens)
                        .jwt(jwt -> jwt.jwtDecoder(recipientTokenDecoder))
                        .authenticationEntryPoint(problemEntryPoint("Bearer", "a valid recipient token"))
                        .accessDeniedHandler(problemAccessDenied()))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(problemEntryPoint("Bearer", "a valid recipient token"))
                        .accessDeniedHandler(problemAccessDenied()))
                .build();
    }

    @Bean
    @Order(2)
    SecurityWebFilterChain apiKeyChain(ServerHttpSecurity http, ApiKeyStore apiKeyStore,
                                       SenderRateLimiter senderRateLimiter) {
        ServerAuthenticationEntryPoint entryPoint = problemEntryPoint("ApiKey", "a valid API key");
        AuthenticationWebFilter apiKeys = new AuthenticationWebFilter(apiKeyAuthentication(apiKeyStore));
        apiKeys.setServerAuthenticationConverter(new ApiKeyHeaderConverter());
        apiKeys.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));
        apiKeys.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return stateless(http)
                .addFilterAt(apiKeys, AUTHENTICATION)
                .addFilterAfter(new SenderRateLimitFilter(senderRateLimiter), AUTHENTICATION)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        // The API's own documentation and GraphiQL (which asks for a recipient token itself).
                        .pathMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
                                "/swagger-ui/**", "/webjars/**", "/graphiql", "/graphiql/**").permitAll()
                        // One-click unsubscribe links carry their own signed token (RFC 8058).
                        .pathMatchers("/api/v1/unsubscribe").permitAll()
                        // Every other actuator endpoint (configprops among them) is for operators.
                        .pathMatchers("/actuator/**", "/api/v1/admin/**").hasAuthority(Authorities.ADMIN)
                        .pathMatchers(HttpMethod.OPTIONS, "/api/**").permitAll()
                        .pathMatchers("/api/**").hasAnyAuthority(Authorities.SEND, Authorities.ADMIN)
                        .anyExchange().permitAll())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(problemAccessDenied()))
                .build();
    }

    /**
     * Spring Security's firewall refuses hostile request paths (encoded slashes, null bytes, "..") before any
     * handler runs, with an empty 400. Herald keeps its promise of a problem document for every refusal.
     */
    @Bean
    static BeanPostProcessor firewallProblems() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof WebFilterChainProxy proxy) {
                    proxy.setExchangeRejectedHandler((exchange, rejected) -> Problems.write(exchange,
                            Problems.of(ErrorCode.INVALID_REQUEST,
                                    "the request was refused: " + rejected.getMessage())));
                }
                return bean;
            }
        };
    }

    private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    }

    private static ReactiveAuthenticationManager apiKeyAuthentication(ApiKeyStore store) {
        return authentication -> {
            ApiKeyAuthentication presented = (ApiKeyAuthentication) authentication;
            return Mono.fromCallable(() -> store.findLive(presented.secret()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(key -> key.<Mono<org.springframework.security.core.Authentication>>map(
                                    found -> Mono.just(ApiKeyAuthentication.verified(found)))
                            .orElseGet(() -> Mono.error(new BadCredentialsException("unknown or revoked API key"))));
        };
    }

    private static ServerAuthenticationEntryPoint problemEntryPoint(String scheme, String what) {
        return (exchange, failure) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, scheme + " realm=\"herald\"");
            String reason = failure instanceof AuthenticationCredentialsNotFoundException
                    ? "none was given"
                    : failure.getMessage();
            return Problems.write(exchange, Problems.of(ErrorCode.UNAUTHENTICATED,
                    "This request needs " + what + " in the Authorization header (" + reason + ")"));
        };
    }

    private static ServerAccessDeniedHandler problemAccessDenied() {
        return (exchange, denied) -> Problems.write(exchange, Problems.of(ErrorCode.FORBIDDEN,
                "The credentials are valid but lack the scope this request needs"));
    }
}
