package dev.herald.app.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An API-key caller. Before authentication it holds only the presented secret; after, the key, with the sender id
 * as its name and one authority per scope.
 */
class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String secret;
    private final ApiKeyStore.ApiKey key;

    private ApiKeyAuthentication(String secret, ApiKeyStore.ApiKey key) {
        super(key == null ? List.of() : key.scopes().stream().map(Scope::authority).toList());
        this.secret = secret;
        this.key = key;
        setAuthenticated(key != null);
    }

    static ApiKeyAuthentication presented(String secret) {
        return new ApiKeyAuthentication(secret, null);
    }

    static ApiKeyAuthentication verified(ApiKeyStore.ApiKey key) {
        return new ApiKeyAuthentication(null, key);
    }

    String secret() {
        return secret;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return key == null ? null : key.senderId();
    }

    @Override
    public String getName() {
        return key == null ? "" : key.senderId();
    }

    ApiKeyStore.ApiKey key() {
        return key;
    }
}
