package dev.herald.command.template;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import dev.herald.api.ErrorCode;
import dev.herald.api.HeraldException;
import dev.herald.api.template.ChannelContents;
import dev.herald.api.template.EmailContent;
import dev.herald.api.template.InAppContent;
import dev.herald.api.template.PushContent;
import dev.herald.api.template.SmsContent;
import dev.herald.api.template.TemplateRef;
import dev.herald.api.template.TemplateView;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IllformedLocaleException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks and renders template text with JMustache. Mustache is logic-less (no expressions, no method calls, loops
 * only over lists the sender's data holds), and JMustache is small, dependency-free and managed by Spring Boot,
 * which is why it was chosen over Pebble or Thymeleaf, whose expression languages would have to be locked down.
 * It is locked down further here, because template text comes from anyone holding an API key:
 * <ul>
 *     <li>names resolve only in maps and lists ({@link BasicCollector}): {@code {{name.class}}} finds nothing, as
 *     no getter or method of any object is ever looked up;</li>
 *     <li>partials and parent templates ({@code {{> x}}}, {@code {{< x}}}) are refused when saved, and there is no
 *     template loader, so nothing can be read from files;</li>
 *     <li>a variable or section the data does not provide is an error naming it, never blank text (a key that is
 *     present with the value null renders empty and counts as false);</li>
 *     <li>email HTML is HTML-escaped ({@code {{{x}}}} opts out, as the author's explicit choice); every other
 *     channel is plain text and left unescaped;</li>
 *     <li>bounded: template text per version, output per send, and the number of lookups and loop iterations per
 *     send (so nested sections over a long list cannot run for long even when they print nothing).</li>
 * </ul>
 */
public final class TemplateEngine {

    public static final int MAX_LOCALES = 50;
    public static final int MAX_WEBHOOK_FIELDS = 50;
    /** All text of one version, over every locale and channel. */
    public static final int MAX_TEMPLATE_CHARS = 100_000;
    /** All output of one render. */
    public static final int MAX_OUTPUT_CHARS = 100_000;
    /** Variable lookups plus section iterations in one render. */
    public static final int MAX_RENDER_STEPS = 100_000;

    private static final Pattern WEBHOOK_FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern LINE = Pattern.compile("@ line (\\d+)");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    /**
     * Checks what a save must satisfy: the default locale has content, every locale tag is canonical BCP 47 and has
     * something to use as a title, the text is within bounds and parses, and nothing is included from elsewhere.
     *
     * @throws HeraldException {@link ErrorCode#TEMPLATE_INVALID} naming the field, with line and column for syntax
     */
    public void validate(String defaultLocale, Map<String, ChannelContents> locales) {
        if (locales.size() > MAX_LOCALES) {
            throw invalid("locales: at most " + MAX_LOCALES + " locales, was " + locales.size());
        }
        if (!locales.containsKey(defaultLocale)) {
            throw invalid("defaultLocale: '" + defaultLocale + "' has no content; locales has " + locales.keySet());
        }
        int total = 0;
        for (Map.Entry<String, ChannelContents> locale : locales.entrySet()) {
            String tag = locale.getKey();
            if (!tag.equals(canonicalLocale(tag))) {
                throw invalid("locales: '" + tag + "' is not a BCP 47 language tag in canonical form such as de-CH");
            }
            ChannelContents content = locale.getValue();
            if (content == null || content.title() == null) {
                throw invalid("locales." + tag + ": needs a title: inApp.title, push.title, email.subject or sms.text");
            }
            if (content.webhook().size() > MAX_WEBHOOK_FIELDS) {
                throw invalid("locales." + tag + ".webhook: at most " + MAX_WEBHOOK_FIELDS + " fields");
            }
            for (String field : content.webhook().keySet()) {
                if (field == null || !WEBHOOK_FIELD.matcher(field).matches()) {
                    throw invalid("locales." + tag + ".webhook: field name '" + field + "' must match "
                            + WEBHOOK_FIELD.pattern());
                }
            }
            int[] chars = {0};
            eachField(content, (name, text) -> {
                chars[0] += text.length();
                check("locales." + tag + "." + name, text);
            });
            total += chars[0];
        }
        if (total > MAX_TEMPLATE_CHARS) {
            throw invalid("locales: at most " + MAX_TEMPLATE_CHARS + " characters of template text in all, was "
                    + total);
        }
    }

    /**
     * Renders one version in the locale that best matches {@code requestedLocale} (see {@link #resolveLocale}).
     *
     * @throws HeraldException {@link ErrorCode#TEMPLATE_VARIABLE_MISSING} naming the variable, or
     *                         {@link ErrorCode#TEMPLATE_RENDERING_FAILED} when a bound is exceeded
     */
    public Rendered render(TemplateView template, String requestedLocale, Map<String, Object> data) {
        String locale = resolveLocale(template.locales().keySet(), template.defaultLocale(), requestedLocale);
        ChannelContents source = template.locales().get(locale);
        Render render = new Render(data == null ? Map.of() : data, template.key() + " v" + template.version() + " ("
                + locale + ")");
        InAppContent inApp = source.inApp() == null ? null
                : new InAppContent(render.text("inApp.title", source.inApp().title()),
                                   render.text("inApp.body", source.inApp().body()));
        EmailContent email = source.email() == null ? null
                : new EmailContent(render.text("email.subject", source.email().subject()),
                                   render.text("email.text", source.email().text()),
                                   render.html("email.html", source.email().html()));
        SmsContent sms = source.sms() == null ? null : new SmsContent(render.text("sms.text", source.sms().text()));
        PushContent push = source.push() == null ? null
                : new PushContent(render.text("push.title", source.push().title()),
                                  render.text("push.body", source.push().body()));
        Map<String, String> webhook = new LinkedHashMap<>();
        source.webhook().forEach((name, text) -> webhook.put(name, render.text("webhook." + name, text)));
        return new Rendered(new TemplateRef(template.key(), template.version(), locale),
                            new ChannelContents(inApp, email, sms, push, webhook));
    }

    /** A template rendered for one send: which version and locale, and the content per channel. */
    public record Rendered(TemplateRef template, ChannelContents content) {
    }

    /**
     * The best locale the template has for a request: the exact tag, then its language alone ({@code de-CH} falls
     * back to {@code de}), then the default. Tags compare ignoring case.
     */
    public static String resolveLocale(Iterable<String> available, String defaultLocale, String requested) {
        if (requested != null && !requested.isBlank()) {
            String language = Locale.forLanguageTag(requested).getLanguage();
            String languageMatch = null;
            for (String tag : available) {
                if (tag.equalsIgnoreCase(requested)) {
                    return tag;
                }
                if (tag.equalsIgnoreCase(language)) {
                    languageMatch = tag;
                }
            }
            if (languageMatch != null) {
                return languageMatch;
            }
        }
        return defaultLocale;
    }

    /** The canonical form of a BCP 47 tag (de-ch becomes de-CH), or null when it is not one. */
    public static String canonicalLocale(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        try {
            return new Locale.Builder().setLanguageTag(tag.trim()).build().toLanguageTag();
        } catch (IllformedLocaleException e) {
            return null;
        }
    }

    private static void eachField(ChannelContents content, BiConsumer<String, String> field) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (content.inApp() != null) {
            fields.add(Map.entry("inApp.title", nonNull(content.inApp().title())));
            fields.add(Map.entry("inApp.body", nonNull(content.inApp().body())));
        }
        if (content.email() != null) {
            fields.add(Map.entry("email.subject", nonNull(content.email().subject())));
            fields.add(Map.entry("email.text", nonNull(content.email().text())));
            fields.add(Map.entry("email.html", nonNull(content.email().html())));
        }
        if (content.sms() != null) {
            fields.add(Map.entry("sms.text", nonNull(content.sms().text())));
        }
        if (content.push() != null) {
            fields.add(Map.entry("push.title", nonNull(content.push().title())));
            fields.add(Map.entry("push.body", nonNull(content.push().body())));
        }
        content.webhook().forEach((name, text) -> fields.add(Map.entry("webhook." + name, nonNull(text))));
        fields.forEach(entry -> field.accept(entry.getKey(), entry.getValue()));
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    private static void check(String field, String text) {
        Template template;
        try {
            template = compiler(new BudgetedCollector(), false).compile(text);
        } catch (MustacheParseException e) {
            throw invalid(field + ": " + syntaxError(e, text));
        }
        template.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
            }

            @Override
            public void visitVariable(String name) {
            }

            @Override
            public boolean visitInclude(String name) {
                throw invalid(field + ": partials such as {{> " + name + "}} are not allowed");
            }

            @Override
            public boolean visitParent(String name) {
                throw invalid(field + ": parent templates such as {{< " + name + "}} are not allowed");
            }

            @Override
            public boolean visitSection(String name) {
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                return true;
            }
        });
    }

    /**
     * JMustache reports the line of a syntax error but not the column; the column is that of the first tag on that
     * line naming what the message quotes (1 when the message names nothing).
     */
    private static String syntaxError(MustacheParseException e, String text) {
        String message = e.getMessage();
        Matcher lineMatch = LINE.matcher(message);
        int line = lineMatch.find() ? Integer.parseInt(lineMatch.group(1)) : 1;
        String reason = message.replaceAll("\\s*@ line \\d+", "");
        String[] lines = text.split("\n", -1);
        int column = 1;
        Matcher quoted = QUOTED.matcher(message);
        if (line >= 1 && line <= lines.length && quoted.find()) {
            Matcher tag = Pattern.compile("\\{\\{[#^/]?\\s*" + Pattern.quote(quoted.group(1)) + "\\s*}}")
                                 .matcher(lines[line - 1]);
            if (tag.find()) {
                column = tag.start() + 1;
            }
        }
        return reason + " at line " + line + ", column " + column;
    }

    private static Mustache.Compiler compiler(Mustache.Collector collector, boolean html) {
        return Mustache.compiler()
                       .withCollector(collector)
                       .withLoader(name -> {
                           throw new MustacheException("partials are not allowed: {{> " + name + "}}");
                       })
                       .strictSections(true)
                       .nullValue("")
                       .escapeHTML(html)
                       .withEscaper(html ? Escapers.HTML : Escapers.NONE);
    }

    private static HeraldException invalid(String message) {
        return new HeraldException(ErrorCode.TEMPLATE_INVALID, message);
    }

    /** One send's rendering: the data, and the budget of output and steps all its fields share. */
    private static final class Render {

        private final Map<String, Object> data;
        private final String name;
        private final BudgetedCollector collector = new BudgetedCollector();
        private final BoundedWriter out = new BoundedWriter();

        Render(Map<String, Object> data, String name) {
            this.data = data;
            this.name = name;
        }

        String text(String field, String source) {
            return render(field, source, false);
        }

        String html(String field, String source) {
            return render(field, source, true);
        }

        private String render(String field, String source, boolean html) {
            if (source == null) {
                return null;
            }
            int start = out.length();
            try {
                compiler(collector, html).compile(source).execute(data, out);
            } catch (MustacheException e) {
                throw failure(field, e);
            } catch (LimitExceeded e) {
                throw exceeded(field, e);
            }
            return out.since(start);
        }

        private HeraldException failure(String field, MustacheException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof LimitExceeded limit) {
                    return exceeded(field, limit);
                }
            }
            if (e instanceof MustacheException.Context context) {
                return new HeraldException(ErrorCode.TEMPLATE_VARIABLE_MISSING, "template " + name + ", " + field
                        + ": the data has no variable '" + context.key + "' (line " + context.lineNo + ")");
            }
            return new HeraldException(ErrorCode.TEMPLATE_RENDERING_FAILED, "template " + name + ", " + field
                    + ": " + e.getMessage());
        }

        private HeraldException exceeded(String field, LimitExceeded limit) {
            return new HeraldException(ErrorCode.TEMPLATE_RENDERING_FAILED, "template " + name + ", " + field + ": "
                    + limit.getMessage());
        }
    }

    private static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    /** Counts lookups and iterations; only maps, lists and arrays are ever looked into. */
    private static final class BudgetedCollector extends BasicCollector {

        private int steps;

        private void spend() {
            if (++steps > MAX_RENDER_STEPS) {
                throw new LimitExceeded("rendering needed more than " + MAX_RENDER_STEPS
                        + " variable lookups and loop iterations");
            }
        }

        @Override
        public Iterator<?> toIterator(Object value) {
            Iterator<?> iterator = super.toIterator(value);
            if (iterator == null) {
                return null;
            }
            return new Iterator<Object>() {
                @Override
                public boolean hasNext() {
                    return iterator.hasNext();
                }

                @Override
                public Object next() {
                    spend();
                    return iterator.next();
                }
            };
        }

        @Override
        public Mustache.VariableFetcher createFetcher(Object context, String name) {
            Mustache.VariableFetcher fetcher = super.createFetcher(context, name);
            if (fetcher == null) {
                return null;
            }
            return (ctx, key) -> {
                spend();
                return fetcher.get(ctx, key);
            };
        }

        @Override
        public <K, V> Map<K, V> createFetcherCache() {
            return new HashMap<>();
        }
    }

    /** Holds one render's output and refuses to grow beyond {@link #MAX_OUTPUT_CHARS}. */
    private static final class BoundedWriter extends Writer {

        private final StringBuilder text = new StringBuilder();

        int length() {
            return text.length();
        }

        String since(int start) {
            return text.substring(start);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            if (text.length() + length > MAX_OUTPUT_CHARS) {
                throw new LimitExceeded("the rendered content would be longer than " + MAX_OUTPUT_CHARS
                        + " characters");
            }
            text.append(chars, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
