package dev.herald.app.axon;

import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A token store without transactions (MongoDB's) whose batch tokens are written after everything else the batch
 * writes. Axon's pooled processor stores a batch's token first thing when the batch prepares to commit, before the
 * prepare-commit steps that handlers registered: a saga's new state, a projection's writes. With no transaction
 * around the batch, the token was then stored before them, and a {@code kill -9} between the two left the token past
 * writes that never happened (a saga forgetting that it had scheduled a retry, say). Here a token stored while a
 * batch prepares to commit is written when the batch commits, after every prepare-commit step; a failure to write it
 * still fails the batch, which the processor tries again (its handlers are idempotent).
 * <p>
 * Only for stores without a transaction around the batch: with one (the embedded profile's SQLite), the token must
 * stay inside the transaction, which commits before the commit steps registered after it.
 * <p>
 * Written by hand because Axon offers no option for when a pooled processor stores its token.
 */
final class TokenLastStore implements TokenStore {

    private final TokenStore delegate;

    TokenLastStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
            if (unitOfWork.phase() == UnitOfWork.Phase.PREPARE_COMMIT) {
                unitOfWork.onCommit(committing -> delegate.storeToken(token, processorName, segment));
                return;
            }
        }
        delegate.storeToken(token, processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        delegate.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
