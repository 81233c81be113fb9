package dev.herald.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.herald.api.CommandTimeout;
import dev.herald.query.inbox.InboxProjection;
import dev.herald.query.replay.ProjectionReplays;
import dev.herald.query.status.NotificationStatusProjection;
import dev.herald.query.storage.SqliteStorage;
import dev.herald.query.subscription.SubscriptionsProjection;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class QuerySideConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(QuerySideConfiguration.class, SqliteReadModelConfiguration.class)
            .withBean(SqliteReadModelConfiguration.DATA_SOURCE, DataSource.class,
                      () -> SqliteStorage.dataSource(Path.of("target", "configuration-test.db")))
            .withBean(QueryGateway.class, () -> mock(QueryGateway.class))
            .withBean(CommandGateway.class, () -> mock(CommandGateway.class))
            .withBean(CommandTimeout.class, () -> new CommandTimeout(Duration.ofSeconds(10)))
            .withBean(QueryUpdateEmitter.class, () -> mock(QueryUpdateEmitter.class));

    @Test
    void providesTheProjectionsControllersAndTheRecipientSequencingPolicy() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started).hasSingleBean(InboxProjection.class);
            assertThat(started).hasSingleBean(NotificationStatusProjection.class);
            assertThat(started).hasSingleBean(SubscriptionsProjection.class);
            assertThat(started).hasSingleBean(ProjectionReplays.class);
            assertThat(started).hasBean("inboxStreamController");
            assertThat(started).hasBean("inboxGraphQlController");
            assertThat(started).hasBean("subscriptionsController");
            assertThat(started).hasBean("projectionAdminController");
            assertThat(started.getBean(QuerySideProperties.class).sse().heartbeat()).isEqualTo(Duration.ofSeconds(25));
            assertThat(started).hasBean("recipientInboxController");
            assertThat(started).hasBean("notificationStatusController");
            assertThat(started.getBean(QuerySideConfiguration.RECIPIENT_SEQUENCING_POLICY, SequencingPolicy.class))
                    .isInstanceOf(RecipientSequencingPolicy.class);
        });
    }

    @Test
    void failedProjectionHandlersFailTheBatchSoThatItIsRetried() {
        context.run(started -> {
            Configurer configurer = DefaultConfigurer.defaultConfiguration();
            started.getBean("querySideErrorHandling", ConfigurerModule.class).configureModule(configurer);
            Configuration configuration = configurer.buildConfiguration();

            for (String group : new String[] {InboxProjection.PROCESSING_GROUP,
                                              NotificationStatusProjection.PROCESSING_GROUP,
                                              SubscriptionsProjection.PROCESSING_GROUP}) {
                assertThat(configuration.eventProcessingConfiguration().listenerInvocationErrorHandler(group))
                        .as(group).isInstanceOf(PropagatingErrorHandler.class);
            }
            assertThat(configuration.eventProcessingConfiguration().listenerInvocationErrorHandler("other"))
                    .isNotInstanceOf(PropagatingErrorHandler.class);
        });
    }
}
