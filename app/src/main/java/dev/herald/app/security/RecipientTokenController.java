package dev.herald.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.api.Authorities;
import dev.herald.app.HeraldProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;

/**
 * Mints recipient tokens: a sender's back end asks for one and hands it to its front end, which then reads that
 * recipient's inbox directly. The token is an HS256 JWT whose subject is the recipient id, short-lived by design.
 */
@RestController
class RecipientTokenController {

    /** The same shape the sender API accepts for recipient ids. */
    static final Pattern RECIPIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");
    private static final Duration MIN_TTL = Duration.ofSeconds(30);

    private final JwtEncoder encoder;
    private final HeraldProperties.Security settings;
    private final Clock clock;

    RecipientTokenController(JwtEncoder recipientTokenEncoder, HeraldProperties properties,
                             ObjectProvider<Clock> clock) {
        this.encoder = recipientTokenEncoder;
        this.settings = properties.security();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    record TokenResponse(String token, Instant expiresAt) {
    }

    /**
     * {@code ttl} is optional: ISO-8601 ({@code "PT15M"}) or a number of seconds. It may not exceed
     * {@code herald.security.max-recipient-token-ttl}.
     */
    @PostMapping("/api/v1/recipient-tokens")
    TokenResponse mint(@RequestBody JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new ServerWebInputException("body: expected a JSON object {recipientId, ttl?}");
        }
        request.fieldNames().forEachRemaining(field -> {
            if (!List.of("recipientId", "ttl").contains(field)) {
                throw new ServerWebInputException("unknown field '" + field + "'; expected recipientId and ttl");
            }
        });
        JsonNode recipient = request.get("recipientId");
        if (recipient == null || !recipient.isTextual() || !RECIPIENT_ID.matcher(recipient.asText()).matches()) {
            throw new ServerWebInputException("recipientId: required, 1 to 128 characters of letters, digits and "
                    + "._:@+- starting with a letter or digit");
        }
        Duration ttl = ttl(request.get("ttl"));
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(SecurityConfiguration.ISSUER)
                .audience(List.of(SecurityConfiguration.AUDIENCE))
                .subject(recipient.asText())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim("scope", Authorities.RECIPIENT_SCOPE)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new TokenResponse(token, expiresAt);
    }

    private Duration ttl(JsonNode value) {
        if (value == null || value.isNull()) {
            return settings.recipientTokenTtl();
        }
        Duration ttl;
        if (value.isIntegralNumber()) {
            ttl = Duration.ofSeconds(value.asLong());
        } else if (value.isTextual()) {
            try {
                ttl = Duration.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw new ServerWebInputException("ttl: '" + value.asText() + "' is not an ISO-8601 duration "
                        + "such as PT15M, nor a number of seconds");
            }
        } else {
            throw new ServerWebInputException(
                    "ttl: expected an ISO-8601 duration such as PT15M or a number of seconds");
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(settings.maxRecipientTokenTtl()) > 0) {
            throw new ServerWebInputException("ttl: must be between " + MIN_TTL + " and "
                    + settings.maxRecipientTokenTtl());
        }
        return ttl;
    }
}
