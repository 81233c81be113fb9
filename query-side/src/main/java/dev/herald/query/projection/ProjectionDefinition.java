package dev.herald.query.projection;

import java.util.List;

/**
 * A projection as replay sees it: its processing group (which is also its name) and the base names of the
 * collections that make up its read model.
 */
public record ProjectionDefinition(String name, List<String> collections) {

    public ProjectionDefinition {
        collections = List.copyOf(collections);
    }
}
