package dev.herald.query.subscription;

import dev.herald.api.inbox.OptOut;
import java.util.List;
import org.springframework.data.annotation.Id;

/**
 * A recipient's opt-outs. Kept as a list sorted by category, not as a map: categories may contain dots, which
 * MongoDB field names cannot, and a list keeps the document identical from one replay to the next.
 */
record SubscriptionsDocument(@Id String recipientId, List<OptOut> optOuts) {

    OptOuts toOptOuts() {
        return OptOuts.of(optOuts);
    }
}
