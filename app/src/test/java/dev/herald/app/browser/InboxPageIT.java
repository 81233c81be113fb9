package dev.herald.app.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The recipient inbox page in a real headless Chromium against a real Herald: what a recipient sees and does, with
 * the sender's side played over the HTTP API. Every wait is on something the page shows, never on time.
 */
class InboxPageIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final By ITEMS = By.cssSelector("#notification-list > [data-notification-id]");
    private static final By BADGE = By.id("unread-badge");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    static InProcessHerald herald;
    static ChromeDriver browser;

    @BeforeAll
    static void start() {
        assumeTrue(HeadlessChromium.installed(), "needs Debian's headless Chromium and its driver at "
                + HeadlessChromium.BROWSER + " and " + HeadlessChromium.DRIVER + " (apt-get install chromium "
                + "chromium-driver)");
        herald = InProcessHerald.start(dataDir);
        browser = HeadlessChromium.start(browserProfile);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (herald != null) {
                herald.close();
            }
        }
    }

    /** The token lives in the tab's sessionStorage; each test starts signed out, as a new visitor would. */
    @AfterEach
    void forgetTheSignIn() {
        if (browser.getCurrentUrl().startsWith(herald.baseUrl)) {
            browser.executeScript("sessionStorage.clear()");
        }
        browser.get("about:blank");
    }

    @Test
    void listsTheInboxAndMarksItemsReadByClickingThemOrTheirButton() {
        herald.putRecipient("ada");
        String invoice = herald.sendInApp("ada", "billing", "Your invoice is ready", "Invoice 2026-0042: 42.00 EUR");
        String signIn = herald.sendInApp("ada", "security", "New sign-in", "A new device signed in");
        String token = herald.token("ada");
        awaitCounts(token, 2, 2);

        browser.get(herald.baseUrl + "/inbox#token=" + token);
        until("both notifications are listed", driver -> driver.findElements(ITEMS).size() == 2);
        untilAttribute(BADGE, "data-unread", "2");
        assertThat(displayedIds()).containsExactlyInAnyOrder(invoice, signIn);
        assertThat(displayedTimes()).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(item(invoice).getText())
                .contains("Your invoice is ready", "Invoice 2026-0042: 42.00 EUR", "billing", "Unread", "Mark read");
        assertThat(item(invoice).getDomAttribute("data-read")).isEqualTo("false");
        assertThat(browser.getCurrentUrl()).as("the token is taken out of the address bar").doesNotContain(token);
        assertThat(storedToken()).isEqualTo(token);
        assertThat(browser.findElement(By.id("category-counts")).getText()).contains("billing 1", "security 1");

        item(invoice).findElement(By.className("notification-title")).click();
        untilAttribute(itemLocator(invoice), "data-read", "true");
        untilAttribute(BADGE, "data-unread", "1");
        assertThat(item(invoice).getText()).contains("Read").doesNotContain("Mark read");
        until("billing has nothing unread left", driver -> driver.findElements(
                By.cssSelector("#category-counts [data-category='billing']")).isEmpty());
        awaitCounts(token, 1, 2);

        item(signIn).findElement(By.cssSelector("[data-action='mark-read']")).click();
        untilAttribute(itemLocator(signIn), "data-read", "true");
        untilAttribute(BADGE, "data-unread", "0");
        awaitCounts(token, 0, 2);
    }

    @Test
    void showsANewNotificationAsItArrivesWithoutReloading() {
        herald.putRecipient("grace");
        String token = herald.token("grace");

        browser.get(herald.baseUrl + "/inbox#token=" + token);
        untilAttribute(By.id("inbox-view"), "data-state", "ready");
        untilAttribute(BADGE, "data-unread", "0");
        assertThat(browser.findElement(By.id("empty-inbox")).isDisplayed()).isTrue();
        browser.executeScript("window.sameDocument = true");
        until("the live stream (GET /api/v1/me/stream) is connected", driver -> "live".equals(
                driver.findElement(By.id("connection-status")).getDomAttribute("data-state")));

        String parcel = herald.sendInApp("grace", "orders", "Your parcel has shipped", "Tracking number 1Z999");
        until("the new notification appears", driver -> !driver.findElements(itemLocator(parcel)).isEmpty());
        untilAttribute(BADGE, "data-unread", "1");
        assertThat(item(parcel).getText()).contains("Your parcel has shipped", "Tracking number 1Z999", "orders");
        assertThat(browser.findElement(By.id("empty-inbox")).isDisplayed()).isFalse();

        item(parcel).click();
        untilAttribute(BADGE, "data-unread", "0");
        assertThat(browser.executeScript("return window.sameDocument === true"))
                .as("the page was never reloaded").isEqualTo(true);
        awaitCounts(token, 0, 1);
    }

    @Test
    void showsAnExpiredTokenAsAnErrorInThePage() throws Exception {
        herald.putRecipient("hedy");

        browser.get(herald.baseUrl + "/inbox#token=" + InProcessHerald.expiredToken("hedy"));
        until("the sign-in form comes back with the reason",
                driver -> driver.findElement(By.id("sign-in-view")).isDisplayed()
                        && driver.findElement(By.id("error-message")).getText().contains("expired"));
        assertThat(browser.findElement(By.id("inbox-view")).isDisplayed()).isFalse();
        assertThat(storedToken()).isNull();
    }

    @Test
    void signsInWithTheFormLoadsMorePagesAndSignsOut() {
        herald.putRecipient("linus");
        List<String> sent = IntStream.rangeClosed(1, 25)
                .mapToObj(n -> herald.sendInApp("linus", "digest", "Digest " + n, "Issue " + n + " of the digest"))
                .toList();
        String token = herald.token("linus");
        awaitCounts(token, 25, 25);

        browser.get(herald.baseUrl + "/inbox");
        WebElement field = browser.findElement(By.id("token-input"));
        field.sendKeys("not a token");
        browser.findElement(By.id("sign-in-button")).click();
        until("a malformed token is refused before any call",
                driver -> driver.findElement(By.id("error-message")).getText().contains("does not look like"));
        assertThat(field.getDomAttribute("aria-invalid")).isEqualTo("true");

        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("sign-in-button")).click();
        until("the first page is listed", driver -> driver.findElements(ITEMS).size() == 20);
        untilAttribute(BADGE, "data-unread", "25");
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        assertThat(storedToken()).isEqualTo(token);

        browser.findElement(By.id("load-more")).click();
        until("the second page is listed", driver -> driver.findElements(ITEMS).size() == 25);
        until("load more goes away on the last page", driver -> !driver.findElement(By.id("load-more")).isDisplayed());
        assertThat(displayedIds()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(displayedTimes()).isSortedAccordingTo(Comparator.reverseOrder());

        browser.findElement(By.id("sign-out-button")).click();
        until("the sign-in form is back", driver -> driver.findElement(By.id("sign-in-view")).isDisplayed());
        assertThat(browser.findElements(ITEMS)).isEmpty();
        assertThat(storedToken()).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJavaScriptClientListsCountsAndMarksRead() {
        herald.putRecipient("katherine");
        String orbit = herald.sendInApp("katherine", "missions", "Orbit computed", "Trajectory attached");
        String launch = herald.sendInApp("katherine", "missions", "Launch window", "Tuesday 09:30");
        String token = herald.token("katherine");
        awaitCounts(token, 2, 2);
        openTheClient();

        Map<?, ?> answer = (Map<?, ?>) browser.executeAsyncScript("""
                const [token, id, done] = arguments;
                import('/js/herald-client.js').then(async ({HeraldClient, HeraldError}) => {
                    const herald = new HeraldClient({token: () => token});
                    const page = await herald.list({limit: 10, category: 'missions'});
                    const before = await herald.counts();
                    await herald.markRead(id);
                    const refused = await herald.markRead('no-such-notification').catch((failure) => failure);
                    const unauthenticated = await new HeraldClient({token: 'not.a.token'}).counts()
                            .catch((failure) => failure);
                    done({ids: page.items.map((item) => item.id), unread: before.unread, total: before.total,
                          refusedStatus: refused.status, refusedCode: refused.code,
                          refusedIsHeraldError: refused instanceof HeraldError,
                          unauthenticatedStatus: unauthenticated.status});
                }, (failure) => done({error: String(failure)}));
                """, token, orbit);

        assertThat(answer.get("error")).isNull();
        assertThat((List<Object>) answer.get("ids")).containsExactly(launch, orbit);
        assertThat(answer.get("unread")).isEqualTo(2L);
        assertThat(answer.get("total")).isEqualTo(2L);
        assertThat(answer.get("refusedIsHeraldError")).isEqualTo(true);
        assertThat(answer.get("refusedStatus")).isEqualTo(404L);
        assertThat(answer.get("refusedCode")).isEqualTo("NOTIFICATION_NOT_FOUND");
        assertThat(answer.get("unauthenticatedStatus")).isEqualTo(401L);
        awaitCounts(token, 1, 2);
    }

    /**
     * The stream delivers live items, and one opened again after the last position it delivered first gets what
     * was sent meanwhile, then live items again: every item once, in order. The second connection is one the client
     * opens itself, so the position travels as ?lastEventId= (EventSource cannot set the header then).
     */
    @Test
    void theJavaScriptClientsStreamResumesWithoutLosingOrRepeatingAnItem() {
        herald.putRecipient("margaret");
        String token = herald.token("margaret");
        openTheClient();
        browser.executeAsyncScript("""
                const [token, done] = arguments;
                import('/js/herald-client.js').then(({HeraldClient}) => {
                    window.herald = new HeraldClient({token});
                    window.received = [];
                    window.openStream = (lastEventId) => {
                        window.connected = false;
                        window.liveStream = window.herald.stream({
                            lastEventId,
                            onConnected: () => { window.connected = true; },
                            onNotification: (item) => window.received.push(item.position + ':' + item.title),
                        });
                    };
                    window.openStream();
                    done();
                });
                """, token);
        until("the stream is connected", driver -> Boolean.TRUE.equals(
                browser.executeScript("return window.connected")));

        herald.sendInApp("margaret", "apollo", "One", "first");
        until("the first item arrives live", driver -> received().size() == 1);
        Object lastEventId = browser.executeScript(
                "window.liveStream.close(); return window.liveStream.lastEventId");
        assertThat(lastEventId).isEqualTo("1");

        herald.sendInApp("margaret", "apollo", "Two", "sent while the stream was closed");
        herald.sendInApp("margaret", "apollo", "Three", "sent while the stream was closed");
        awaitCounts(token, 3, 3);
        browser.executeScript("window.openStream(arguments[0])", lastEventId);
        until("the missed items arrive", driver -> received().size() == 3);
        until("the stream is connected again", driver -> Boolean.TRUE.equals(
                browser.executeScript("return window.connected")));
        herald.sendInApp("margaret", "apollo", "Four", "live again");
        until("the next item arrives live", driver -> received().size() == 4);

        assertThat(received()).containsExactly("1:One", "2:Two", "3:Three", "4:Four");
        browser.executeScript("window.liveStream.close()");
    }

    /** Any page of Herald's own origin will do; the script file itself is one that runs nothing. */
    private static void openTheClient() {
        browser.get(herald.baseUrl + "/js/herald-client.js");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> received() {
        return (List<Object>) browser.executeScript("return window.received");
    }

    private static void awaitCounts(String token, long unread, long total) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode count = herald.unreadCount(token);
            assertThat(count.get("unread").asLong()).as("unread").isEqualTo(unread);
            assertThat(count.get("total").asLong()).as("total").isEqualTo(total);
        });
    }

    private static void until(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, PATIENCE).withMessage(what).until(condition);
    }

    private static void untilAttribute(By element, String attribute, String value) {
        until(element + " has " + attribute + "=" + value,
                driver -> value.equals(driver.findElement(element).getDomAttribute(attribute)));
    }

    private static By itemLocator(String notificationId) {
        return By.cssSelector("[data-notification-id='" + notificationId + "']");
    }

    private static WebElement item(String notificationId) {
        return browser.findElement(itemLocator(notificationId));
    }

    private static List<String> displayedIds() {
        return browser.findElements(ITEMS).stream().map(item -> item.getDomAttribute("data-notification-id")).toList();
    }

    private static List<Instant> displayedTimes() {
        return browser.findElements(ITEMS).stream()
                .map(item -> Instant.parse(item.findElement(By.tagName("time")).getDomAttribute("datetime")))
                .toList();
    }

    private static Object storedToken() {
        return browser.executeScript("return sessionStorage.getItem('herald.recipientToken')");
    }
}
