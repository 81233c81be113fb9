package dev.herald.query.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A read model's contract, run once per storage adapter: the adapter is started once for the class and emptied
 * before every test, which runs before the subclass's own set-up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReadModelContract {

    protected ReadModelStorage storage;

    /** The adapter under test, on an empty store. */
    protected abstract ReadModelStorage createStorage();

    @BeforeAll
    protected final void startStorage() {
        storage = createStorage();
    }

    @AfterAll
    protected final void stopStorage() {
        storage.close();
    }

    @BeforeEach
    protected final void emptyStorage() {
        storage.clear();
    }
}
