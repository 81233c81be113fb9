package dev.herald.command.template;

import static dev.herald.command.HeraldMatchers.rejectedWith;
import static dev.herald.command.CommandTestMessages.OTHER_SENDER_ID;
import static dev.herald.command.CommandTestMessages.SENDER_ID;
import static dev.herald.command.CommandTestMessages.TEMPLATE_KEY;
import static dev.herald.command.CommandTestMessages.englishAndGerman;
import static dev.herald.command.CommandTestMessages.saveTemplate;
import static dev.herald.command.CommandTestMessages.templateContent;
import static dev.herald.command.CommandTestMessages.templateCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.herald.api.ErrorCode;
import dev.herald.api.template.ArchiveTemplateCommand;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.InAppContent;
import dev.herald.api.template.SaveTemplateCommand;
import dev.herald.api.template.TemplateArchivedEvent;
import dev.herald.api.template.TemplateSaveResult;
import dev.herald.api.template.TemplateUpdatedEvent;
import dev.herald.api.template.TemplateView;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final Map<String, ChannelContents> ENGLISH = Map.of("en", templateContent("Hello"));

    private AggregateTestFixture<Template> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Template.class);
        fixture.registerInjectableResource(new TemplateEngine());
    }

    @Test
    void firstSaveCreatesVersionOne() {
        fixture.givenNoPriorActivity()
               .when(saveTemplate(englishAndGerman()))
               .expectEvents(templateCreated(englishAndGerman()))
               .expectResultMessagePayload(new TemplateSaveResult(TEMPLATE_KEY, 1, true, true));
    }

    @Test
    void savingOtherContentAddsAVersionAndKeepsTheEarlierOne() {
        fixture.given(templateCreated(ENGLISH))
               .when(saveTemplate(englishAndGerman()))
               .expectEvents(new TemplateUpdatedEvent(TEMPLATE_KEY, 2, "en", new TreeMap<>(englishAndGerman()),
                                                      SENDER_ID))
               .expectResultMessagePayload(new TemplateSaveResult(TEMPLATE_KEY, 2, false, true))
               .expectState(template -> {
                   assertThat(template.view(null).version()).isEqualTo(2);
                   assertThat(template.view(null).locales()).containsOnlyKeys("de", "en");
                   TemplateView first = template.view(1);
                   assertThat(first.latestVersion()).isEqualTo(2);
                   assertThat(first.locales()).containsOnlyKeys("en");
                   assertThat(template.view(3)).isNull();
               });
    }

    @Test
    void savingTheSameContentAgainStoresNothing() {
        fixture.given(templateCreated(englishAndGerman()))
               .when(saveTemplate(englishAndGerman()))
               .expectNoEvents()
               .expectResultMessagePayload(new TemplateSaveResult(TEMPLATE_KEY, 1, false, false));
    }

    @Test
    void changingOnlyTheDefaultLocaleAddsAVersion() {
        fixture.given(templateCreated(englishAndGerman()))
               .when(new SaveTemplateCommand(TEMPLATE_KEY, SENDER_ID, "de", englishAndGerman()))
               .expectEvents(new TemplateUpdatedEvent(TEMPLATE_KEY, 2, "de", new TreeMap<>(englishAndGerman()),
                                                      SENDER_ID));
    }

    @Test
    void archivingRecordsTheLatestVersion() {
        fixture.given(templateCreated(ENGLISH), new TemplateUpdatedEvent(TEMPLATE_KEY, 2, "en",
                                                                          englishAndGerman(), SENDER_ID))
               .when(new ArchiveTemplateCommand(TEMPLATE_KEY, OTHER_SENDER_ID))
               .expectEvents(new TemplateArchivedEvent(TEMPLATE_KEY, 2, OTHER_SENDER_ID))
               .expectState(template -> assertThat(template.view(null).archived()).isTrue());
    }

    @Test
    void archivingTwiceIsANoOp() {
        fixture.given(templateCreated(ENGLISH), new TemplateArchivedEvent(TEMPLATE_KEY, 1, SENDER_ID))
               .when(new ArchiveTemplateCommand(TEMPLATE_KEY, SENDER_ID))
               .expectNoEvents();
    }

    @Test
    void archivingAnUnknownTemplateFindsNothing() {
        fixture.givenNoPriorActivity()
               .when(new ArchiveTemplateCommand(TEMPLATE_KEY, SENDER_ID))
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void savingAnArchivedTemplateRestoresItAsANewVersionEvenWithTheSameContent() {
        fixture.given(templateCreated(ENGLISH), new TemplateArchivedEvent(TEMPLATE_KEY, 1, SENDER_ID))
               .when(saveTemplate(ENGLISH))
               .expectEvents(new TemplateUpdatedEvent(TEMPLATE_KEY, 2, "en", new TreeMap<>(ENGLISH), SENDER_ID))
               .expectState(template -> assertThat(template.view(null).archived()).isFalse());
    }

    @Test
    void aDefaultLocaleWithoutContentIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new SaveTemplateCommand(TEMPLATE_KEY, SENDER_ID, "fr", englishAndGerman()))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.TEMPLATE_INVALID))
               .expectExceptionMessage(containsString("defaultLocale: 'fr' has no content"));
    }

    @Test
    void aSyntaxErrorIsRefusedWithItsLineAndColumn() {
        ChannelContents broken = new ChannelContents(new InAppContent("Hi", "first line\nsecond {{#items}}x"),
                                                     null, null, null, null);
        fixture.givenNoPriorActivity()
               .when(saveTemplate(Map.of("en", broken)))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.TEMPLATE_INVALID))
               .expectExceptionMessage(containsString("locales.en.inApp.body: Section missing close tag 'items' "
                                                      + "at line 2, column 8"));
    }

    @Test
    void aSyntaxErrorInALaterVersionLeavesTheTemplateAsItWas() {
        ChannelContents broken = new ChannelContents(new InAppContent("Hi {{/name}}", ""), null, null, null, null);
        fixture.given(templateCreated(ENGLISH))
               .when(saveTemplate(Map.of("en", broken)))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.TEMPLATE_INVALID))
               .expectExceptionMessage(containsString("line 1, column 4"));
    }

    @Test
    void partialsAreRefusedSoThatNothingIsReadFromElsewhere() {
        ChannelContents including = new ChannelContents(new InAppContent("Hi", "{{#a}}{{> /etc/passwd}}{{/a}}"),
                                                        null, null, null, null);
        fixture.givenNoPriorActivity()
               .when(saveTemplate(Map.of("en", including)))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.TEMPLATE_INVALID))
               .expectExceptionMessage(containsString("partials such as {{> /etc/passwd}} are not allowed"));
    }

    @Test
    void parentTemplatesAreRefused() {
        ChannelContents inheriting = new ChannelContents(new InAppContent("Hi", "{{<base}}{{/base}}"),
                                                         null, null, null, null);
        fixture.givenNoPriorActivity()
               .when(saveTemplate(Map.of("en", inheriting)))
               .expectException(rejectedWith(ErrorCode.TEMPLATE_INVALID))
               .expectExceptionMessage(containsString("parent templates"));
    }

    @Test
    void aLocaleWithNothingToUseAsATitleIsRefused() {
        ChannelContents untitled = new ChannelContents(new InAppContent(" ", "body"), null, null, null, null);
        fixture.givenNoPriorActivity()
               .when(saveTemplate(Map.of("en", untitled)))
               .expectException(rejectedWith(ErrorCode.TEMPLATE_INVALID))
               .expectExceptionMessage(containsString("locales.en: needs a title"));
    }

    @Test
    void aLocaleTagMustBeCanonical() {
        fixture.givenNoPriorActivity()
               .when(new SaveTemplateCommand(TEMPLATE_KEY, SENDER_ID, "en",
                                             Map.of("en", templateContent("Hi"), "de-ch", templateContent("Grüezi"))))
               .expectException(rejectedWith(ErrorCode.TEMPLATE_INVALID))
               .expectExceptionMessage(containsString("'de-ch' is not a BCP 47 language tag in canonical form"));
    }

    @Test
    void tooMuchTemplateTextIsRefused() {
        String large = "x".repeat(TemplateEngine.MAX_TEMPLATE_CHARS / 2);
        ChannelContents huge = new ChannelContents(new InAppContent("Hi", large),
                                                   null, null, null, Map.of("copy", large + "y"));
        fixture.givenNoPriorActivity()
               .when(saveTemplate(Map.of("en", huge)))
               .expectNoEvents()
               .expectException(rejectedWith(ErrorCode.TEMPLATE_INVALID))
               .expectExceptionMessage(containsString("at most " + TemplateEngine.MAX_TEMPLATE_CHARS));
    }

    @Test
    void webhookFieldNamesAreChecked() {
        ChannelContents badField = new ChannelContents(new InAppContent("Hi", ""), null, null, null,
                                                       Map.of("$where", "x"));
        fixture.givenNoPriorActivity()
               .when(saveTemplate(Map.of("en", badField)))
               .expectException(rejectedWith(ErrorCode.TEMPLATE_INVALID))
               .expectExceptionMessage(containsString("field name '$where'"));
    }
}
