package dev.herald.app.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What an API key may do: {@code send} notifications and manage recipients, or {@code admin} everything. */
public enum Scope {
    SEND, ADMIN;

    public GrantedAuthority authority() {
        return new SimpleGrantedAuthority("SCOPE_" + name().toLowerCase());
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
