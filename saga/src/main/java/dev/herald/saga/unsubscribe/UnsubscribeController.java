package dev.herald.saga.unsubscribe;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import dev.herald.api.CommandTimeout;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import dev.herald.saga.unsubscribe.UnsubscribeTokens.Unsubscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The target of the unsubscribe link in every email, reachable without authentication (the token is the credential).
 * A POST unsubscribes: it is what a mail client's one-click unsubscribe sends (RFC 8058, body
 * {@code List-Unsubscribe=One-Click}). A GET only shows a page with a button that POSTs, because mail scanners and
 * link previews follow GET links on their own.
 */
@RestController
@RequestMapping(UnsubscribeController.PATH)
public class UnsubscribeController {

    public static final String PATH = "/api/v1/unsubscribe";

    private final UnsubscribeTokens tokens;
    private final CommandGateway commandGateway;
    private final Duration commandTimeout;

    public UnsubscribeController(UnsubscribeTokens tokens, CommandGateway commandGateway,
                                 CommandTimeout commandTimeout) {
        this.tokens = tokens;
        this.commandGateway = commandGateway;
        this.commandTimeout = commandTimeout.value();
    }

    @GetMapping
    ResponseEntity<String> confirmationPage(@RequestParam String token) {
        Unsubscription unsubscription = verified(token);
        // A relative action keeps working behind a reverse proxy that mounts Herald under a path prefix.
        return html("""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width">\
                <title>Unsubscribe</title></head>
                <body>
                <h1>Unsubscribe</h1>
                <p>Stop receiving &ldquo;%s&rdquo; notifications by %s?</p>
                <form method="post" action="unsubscribe?token=%s">
                <input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit">Unsubscribe</button>
                </form>
                </body>
                </html>
                """.formatted(htmlEscape(unsubscription.category()), label(unsubscription), htmlEscape(token)));
    }

    @PostMapping
    Mono<ResponseEntity<String>> unsubscribe(@RequestParam String token) {
        Unsubscription unsubscription = verified(token);
        CancelSubscriptionCommand command = new CancelSubscriptionCommand(
                unsubscription.recipientId(), unsubscription.category(), Set.of(unsubscription.channel()));
        // Dispatched off the event loop: a local command bus may run the handler on the dispatching thread.
        return Mono.fromFuture(() -> commandGateway.send(command), true)
                   .subscribeOn(Schedulers.boundedElastic())
                   .timeout(commandTimeout, Mono.error(() -> new HeraldException(
                           ErrorCode.TIMEOUT, "the unsubscribe did not complete in time; try again")))
                   .then(Mono.fromSupplier(() -> html("""
                           <!DOCTYPE html>
                           <html lang="en">
                           <head><meta charset="utf-8"><title>Unsubscribed</title></head>
                           <body><h1>Unsubscribed</h1>\
                           <p>You will no longer receive &ldquo;%s&rdquo; notifications by %s.</p></body>
                           </html>
                           """.formatted(htmlEscape(unsubscription.category()), label(unsubscription)))));
    }

    private Unsubscription verified(String token) {
        return tokens.verify(token).orElseThrow(
                () -> new ServerWebInputException("token: not a valid unsubscribe token"));
    }

    private static String label(Unsubscription unsubscription) {
        return unsubscription.channel().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ResponseEntity<String> html(String page) {
        return ResponseEntity.ok()
                             .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                             .cacheControl(CacheControl.noStore())
                             .body(page);
    }
}
