package dev.herald.app.security;

import dev.herald.api.Authorities;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What an API key may do: {@code send} notifications and manage recipients, or {@code admin} everything. */
public enum Scope {
    SEND(Authorities.SEND), ADMIN(Authorities.ADMIN);

    private final GrantedAuthority authority;

    Scope(String authority) {
        this.authority = new SimpleGrantedAuthority(authority);
    }

    public GrantedAuthority authority() {
        return authority;
    }

    public static Scope parse(String value) {
        for (Scope scope : values()) {
            if (scope.name().equalsIgnoreCase(value)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + value + "', expected send or admin");
    }
}
