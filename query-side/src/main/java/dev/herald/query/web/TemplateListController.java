package dev.herald.query.web;

import dev.herald.api.template.FindTemplatesQuery;
import dev.herald.api.template.TemplateList;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Senders list the templates; one template and its versions are served by the command side. */
@RestController
class TemplateListController {

    private final QueryGateway queryGateway;
    private final GatewayCalls calls;

    TemplateListController(QueryGateway queryGateway, GatewayCalls calls) {
        this.queryGateway = queryGateway;
        this.calls = calls;
    }

    @GetMapping("/api/v1/templates")
    Mono<TemplateList> list(@RequestParam(defaultValue = "false") boolean archived) {
        return calls.call(() -> queryGateway.query(new FindTemplatesQuery(archived),
                                                          ResponseTypes.instanceOf(TemplateList.class)));
    }
}
