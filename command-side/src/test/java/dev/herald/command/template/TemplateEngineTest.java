package dev.herald.command.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.EmailContent;
import dev.herald.api.template.InAppContent;
import dev.herald.api.template.PushContent;
import dev.herald.api.template.SmsContent;
import dev.herald.api.template.TemplateRef;
import dev.herald.api.template.TemplateView;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {

    private final TemplateEngine engine = new TemplateEngine();

    @Test
    void rendersEveryChannelAndEscapesOnlyTheEmailHtml() {
        ChannelContents source = new ChannelContents(
                new InAppContent("Hi {{name}}", "{{#items}}{{title}}; {{/items}}"),
                new EmailContent("Hi {{name}}", "Text {{name}}", "<p>{{name}}</p>{{{trusted}}}"),
                new SmsContent("{{name}}"), new PushContent("Push {{name}}", "{{items.0.title}}"),
                Map.of("who", "{{name}}"));
        Map<String, Object> data = Map.of("name", "<Ada & Co>", "trusted", "<hr>",
                                          "items", List.of(Map.of("title", "one"), Map.of("title", "two")));

        TemplateEngine.Rendered rendered = engine.render(template(Map.of("en", source)), null, data);

        assertThat(rendered.template()).isEqualTo(new TemplateRef("welcome", 3, "en"));
        ChannelContents content = rendered.content();
        assertThat(content.inApp()).isEqualTo(new InAppContent("Hi <Ada & Co>", "one; two; "));
        assertThat(content.email()).isEqualTo(new EmailContent("Hi <Ada & Co>", "Text <Ada & Co>",
                                                               "<p>&lt;Ada &amp; Co&gt;</p><hr>"));
        assertThat(content.sms()).isEqualTo(new SmsContent("<Ada & Co>"));
        assertThat(content.push()).isEqualTo(new PushContent("Push <Ada & Co>", "one"));
        assertThat(content.webhook()).containsExactly(Map.entry("who", "<Ada & Co>"));
    }

    @Test
    void aMissingVariableIsNamedNeverBlank() {
        assertRefused(() -> render("Hello {{name}}, order {{order.id}}", Map.of("name", "Ada", "order", Map.of())),
                      ErrorCode.TEMPLATE_VARIABLE_MISSING, "the data has no variable 'order.id' (line 1)");
    }

    @Test
    void aMissingSectionIsNamedToo() {
        assertRefused(() -> render("Hi\n{{#coupon}}{{code}}{{/coupon}}", Map.of()),
                      ErrorCode.TEMPLATE_VARIABLE_MISSING, "no variable 'coupon' (line 2)");
    }

    @Test
    void aVariablePresentWithNullRendersEmptyAndCountsAsFalse() {
        Map<String, Object> data = new HashMap<>();
        data.put("coupon", null);
        assertThat(render("[{{coupon}}]{{#coupon}}yes{{/coupon}}{{^coupon}}none{{/coupon}}", data))
                .isEqualTo("[]none");
    }

    @Test
    void noMethodOrGetterIsEverCalled() {
        assertRefused(() -> render("{{name.class.classLoader}}", Map.of("name", "Ada")),
                      ErrorCode.TEMPLATE_VARIABLE_MISSING, "'name.class.classLoader'");
        assertRefused(() -> render("{{name.bytes}}", Map.of("name", "Ada")),
                      ErrorCode.TEMPLATE_VARIABLE_MISSING, "'name.bytes'");
        assertRefused(() -> render("{{items.size}}", Map.of("items", List.of(1, 2))),
                      ErrorCode.TEMPLATE_VARIABLE_MISSING, "'items.size'");
    }

    @Test
    void nestedLoopsThatPrintNothingAreStillBounded() {
        List<Integer> hundred = IntStream.range(0, 100).boxed().toList();
        assertRefused(() -> render("{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}", Map.of("l", hundred)),
                      ErrorCode.TEMPLATE_RENDERING_FAILED, "more than " + TemplateEngine.MAX_RENDER_STEPS);
    }

    @Test
    void outputIsBounded() {
        List<Integer> thousand = IntStream.range(0, 1000).boxed().toList();
        String longText = "x".repeat(200);
        assertRefused(() -> render("{{#l}}" + longText + "{{/l}}", Map.of("l", thousand)),
                      ErrorCode.TEMPLATE_RENDERING_FAILED, "longer than " + TemplateEngine.MAX_OUTPUT_CHARS);
    }

    @Test
    void aLocaleFallsBackToItsLanguageThenToTheDefault() {
        var locales = Map.of("en", titled("Hello"), "de", titled("Hallo"), "fr-CA", titled("Allô"));
        assertThat(title(locales, "de-CH")).isEqualTo("Hallo");
        assertThat(title(locales, "de")).isEqualTo("Hallo");
        assertThat(title(locales, "fr-ca")).isEqualTo("Allô");
        assertThat(title(locales, "fr")).isEqualTo("Hello");
        assertThat(title(locales, "it-IT")).isEqualTo("Hello");
        assertThat(title(locales, null)).isEqualTo("Hello");
    }

    @Test
    void aPartialSneakedPastValidationCannotLoadAnything() {
        assertRefused(() -> render("{{> secrets}}", Map.of()), ErrorCode.TEMPLATE_RENDERING_FAILED,
                      "partials are not allowed");
    }

    private String title(Map<String, ChannelContents> locales, String locale) {
        return engine.render(template(locales), locale, Map.of()).content().inApp().title();
    }

    private static ChannelContents titled(String title) {
        return new ChannelContents(new InAppContent(title, ""), null, null, null, null);
    }

    private String render(String body, Map<String, Object> data) {
        ChannelContents source = new ChannelContents(new InAppContent("Hi", body), null, null, null, null);
        return engine.render(template(Map.of("en", source)), null, data).content().inApp().body();
    }

    private static TemplateView template(Map<String, ChannelContents> locales) {
        return new TemplateView("welcome", 3, 3, false, "en", Collections.unmodifiableMap(locales),
                                Instant.parse("2030-01-31T09:00:00Z"));
    }

    private static void assertRefused(ThrowingCallable render, ErrorCode code, String message) {
        assertThatThrownBy(render).isInstanceOfSatisfying(HeraldException.class,
                                                          e -> assertThat(e.code()).isEqualTo(code))
                                  .hasMessageContaining(message);
    }
}
