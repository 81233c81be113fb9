package dev.herald.saga.unsubscribe;

import static dev.herald.api.Channel.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.CommandTimeout;
import dev.herald.api.recipient.CancelSubscriptionCommand;
import java.time.Duration;
import java.util.Set;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

class UnsubscribeControllerTest {

    private final UnsubscribeTokens tokens = new UnsubscribeTokens(UnsubscribeTokensTest.SECRET);
    private final RecordingCommandBus commandBus = new RecordingCommandBus();
    private final WebTestClient client = WebTestClient.bindToController(
            new UnsubscribeController(tokens, DefaultCommandGateway.builder().commandBus(commandBus).build(),
                                      new CommandTimeout(Duration.ofSeconds(10))))
                                                      .build();
    private final String token = tokens.issue("recipient-ada", "billing <news>", EMAIL);

    @Test
    void oneClickPostUnsubscribesFromTheCategoryByEmail() {
        client.post().uri(UnsubscribeController.PATH + "?token={token}", token)
              .contentType(MediaType.APPLICATION_FORM_URLENCODED)
              .body(BodyInserters.fromFormData("List-Unsubscribe", "One-Click"))
              .exchange()
              .expectStatus().isOk()
              .expectBody(String.class)
              .value(page -> assertThat(page).contains("&ldquo;billing &lt;news&gt;&rdquo; notifications by email."));

        assertThat(commandBus.getDispatchedCommands()).<Object>extracting(CommandMessage::getPayload)
                .containsExactly(new CancelSubscriptionCommand("recipient-ada", "billing <news>", Set.of(EMAIL)));
    }

    @Test
    void getOnlyShowsAFormThatPosts() {
        client.get().uri(UnsubscribeController.PATH + "?token={token}", token)
              .exchange()
              .expectStatus().isOk()
              .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
              .expectHeader().cacheControl(CacheControl.noStore())
              .expectBody(String.class).value(page -> assertThat(page)
                      .contains("<form method=\"post\" action=\"unsubscribe?token=" + token + "\">")
                      .contains("name=\"List-Unsubscribe\" value=\"One-Click\"")
                      .contains("billing &lt;news&gt;")
                      .doesNotContain("billing <news>"));

        assertThat(commandBus.getDispatchedCommands()).isEmpty();
    }

    @Test
    void forgedTokenIsABadRequest() {
        String forged = tokens.issue("recipient-bob", "billing <news>", EMAIL).split("\\.")[0]
                + token.substring(token.indexOf('.'));

        client.post().uri(UnsubscribeController.PATH + "?token={token}", forged)
              .exchange()
              .expectStatus().isBadRequest();
        client.get().uri(UnsubscribeController.PATH + "?token={token}", forged)
              .exchange()
              .expectStatus().isBadRequest();

        assertThat(commandBus.getDispatchedCommands()).isEmpty();
    }

    @Test
    void missingTokenIsABadRequest() {
        client.post().uri(UnsubscribeController.PATH).exchange().expectStatus().isBadRequest();

        assertThat(commandBus.getDispatchedCommands()).isEmpty();
    }
}
