package dev.herald.saga.delivery;

import dev.herald.api.notification.NotificationSentEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Keeps from the delivery saga's processor the sends that need no saga ({@link DeliverySaga#isNeededFor}), so that
 * no saga starts for them. Axon has no conditional {@code @StartSaga}: without this the saga manager would look up
 * existing sagas for the notification, create one, and the saga would end it at once. The processor's token still
 * moves past the event. Only a sent event is ever held back; the later events of such a notification find no saga
 * by their association and are ignored by the saga manager as before.
 */
public final class SagaStartFilter implements MessageHandlerInterceptor<EventMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        // The payload type comes from the stored type name; only a sent event is deserialized here.
        if (NotificationSentEvent.class.equals(event.getPayloadType())
                && !DeliverySaga.isNeededFor((NotificationSentEvent) event.getPayload(), event.getTimestamp())) {
            return null;
        }
        return interceptorChain.proceed();
    }
}
