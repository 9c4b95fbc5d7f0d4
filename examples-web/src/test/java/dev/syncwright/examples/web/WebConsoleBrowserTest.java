package dev.syncwright.examples.web;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncResult;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.DeliveryStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's three pages in a real browser (Debian's headless Chromium), against the demo's systems: one
 * browser for the class, a new demo (CSV files, H2 database, engine, report, connections, console) for each test.
 * Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConsoleBrowserTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private HeadlessChromium chromium;
    private WebDriver browser;
    private WebConsoleExample.Demo demo;

    @BeforeAll
    void startBrowser() throws IOException {
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void startDemo(@TempDir Path dir) throws IOException {
        demo = WebConsoleExample.start(dir, 1, null);
    }

    @AfterEach
    void stopDemo() {
        try {
            assertThat(chromium.consoleErrors()).as("errors in the browser's console").isEmpty();
        } finally {
            browser.get("about:blank"); // closes the page's event stream before the server goes
            demo.close();
        }
    }

    @Test
    void progressPageFollowsARunTo100PercentWithEveryEntityCompleteOrError() throws Exception {
        open("progress.html");
        waitFor(d -> d.findElement(By.id("setup")).isDisplayed());

        browser.findElement(By.id("start")).click();

        waitFor(d -> "100%".equals(text("percent")) && "COMPLETED_WITH_ERRORS".equals(attribute("circle", "data-state")));
        SyncResult result = demo.console().currentRun().orElseThrow().completion().get(30, TimeUnit.SECONDS);
        List<WebElement> rows = browser.findElements(By.cssSelector("#entities tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-entity")).containsExactlyElementsOf(DemoSystems.ENTITIES);
        assertThat(rows).extracting(r -> r.getAttribute("data-status"))
                .containsExactly("COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE", "ERROR");
        assertThat(rows.get(4).getText()).contains("Error", FlakyStep.READ_ONLY);
        assertThat(text("headline")).isEqualTo("5 of 5 entities processed");
        assertThat(List.of(text("total"), text("done"), text("active"), text("errors"), text("records")))
                .containsExactly("5", "4", "0", "1", String.format(Locale.US, "%,d", result.progress().records()));
        assertThat(result.progress().records()).isGreaterThan(5_000);
        assertThat(Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-events")))
                .as("progress events pushed while the run went on").isGreaterThan(3);
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
        assertThat(List.of("close", "back", "again")).allMatch(id -> browser.findElement(By.id(id)).isDisplayed());
        chromium.screenshot("progress");

        browser.findElement(By.id("back")).click(); // the setup form again, with this run's choices: start another
        waitFor(d -> d.findElement(By.id("setup")).isDisplayed());
        List<WebElement> choices = browser.findElements(By.cssSelector("#setup-entities input"));
        assertThat(choices).allMatch(WebElement::isSelected).hasSize(5);
        choices.stream().filter(c -> !"products".equals(c.getAttribute("value"))).forEach(WebElement::click);
        browser.findElement(By.id("start")).click();
        waitFor(d -> !result.progress().runId().equals(text("run-id")) && "COMPLETED".equals(attribute("circle", "data-state")));
        assertThat(text("headline")).isEqualTo("1 of 1 entities processed");
        assertThat(text("records")).isEqualTo("400");
    }

    @Test
    void cancelStopsASlowRunAfterItsInFlightBatchesCommit() throws Exception {
        FlakyStep.Controls flaky = demo.systems().flaky();
        open("progress.html");
        waitFor(d -> d.findElement(By.id("setup")).isDisplayed());
        browser.findElement(By.id("setup-slow")).click();
        flaky.hold();
        try {
            browser.findElement(By.id("start")).click();
            await().atMost(PATIENCE).until(() -> flaky.heldWrites() == 2); // one batch in flight in each of two entities
            waitFor(d -> "2".equals(text("active")));

            browser.findElement(By.id("cancel")).click();
            await().atMost(PATIENCE).until(() -> demo.console().currentRun().orElseThrow().isCancelled());
        } finally {
            flaky.release();
        }

        waitFor(d -> "CANCELLED".equals(attribute("circle", "data-state")));
        SyncResult result = demo.console().currentRun().orElseThrow().completion().get(30, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(flaky.writesStarted()).as("no batch started after the cancel").isEqualTo(2);
        assertThat(flaky.writesFinished()).isEqualTo(2);
        List<EntityProgress> entities = result.progress().entities();
        assertThat(entities.subList(0, 2)).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(EntityStatus.WAITING);
            assertThat(e.interrupted()).isTrue();
            assertThat(e.records()).isEqualTo(200); // the batch in flight at the cancel, committed
        });
        assertThat(entities.subList(2, 5)).allSatisfy(e -> assertThat(e.records()).isZero());
        assertThat(demo.report().count(ReportFilter.builder().runId(result.progress().runId()).build()))
                .isEqualTo(flaky.recordsWritten()).isEqualTo(400);
        assertThat(rowsIn("customers")).isEqualTo(entities.get(0).deliveries().ok());
        assertThat(rowsIn("products")).isEqualTo(200);
        WebElement customers = browser.findElement(By.cssSelector("#entities tr[data-entity='customers']"));
        assertThat(customers.getAttribute("data-status")).isEqualTo("WAITING");
        assertThat(customers.getText()).contains("Waiting (interrupted)", "200");
        assertThat(text("run-state")).startsWith("Cancelled: batches in flight were committed.");

        browser.findElement(By.id("again")).click(); // the same choices at once: the run continues where it stopped
        waitFor(d -> !result.progress().runId().equals(text("run-id"))
                && "COMPLETED_WITH_ERRORS".equals(attribute("circle", "data-state")));
        SyncResult again = demo.console().currentRun().orElseThrow().completion().get(30, TimeUnit.SECONDS);
        assertThat(again.progress().entities()).extracting(EntityProgress::records)
                .containsExactly(1_000L, 200L, 2_400L, 1_600L, 200L);
        assertThat(rowsIn("products")).isEqualTo(400);

        browser.findElement(By.id("close")).click(); // the setup form with every entity, for the next run
        waitFor(d -> d.findElement(By.id("setup")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#setup-entities input"))).allMatch(WebElement::isSelected);
        assertThat(browser.findElement(By.id("setup-slow")).isSelected()).isFalse();
    }

    @Test
    void reportPageFiltersSortsAndPagesAsTheStoreDoes() throws Exception {
        runTheDemoSync();
        ReportFilter failedCustomers = ReportFilter.builder().entity("customers").statuses(DeliveryStatus.FAILED).build();
        long total = demo.report().count(failedCustomers);
        assertThat(total).isGreaterThan(20);
        open("report.html?entity=customers&status=FAILED&size=10");
        waitFor(d -> text("summary").startsWith("1–10 of " + total + " entries"));

        browser.findElement(By.cssSelector("th[data-sort='REFERENCE']")).click();
        ReportSort byReference = ReportSort.by(ReportColumn.REFERENCE, SortDirection.ASC);
        List<String> first = references(demo.report().query(failedCustomers, PageRequest.first(byReference, 10)).entries());
        waitFor(d -> shownReferences().equals(first));
        assertThat(first).isSorted();

        browser.findElement(By.id("next")).click();
        List<String> second = references(demo.report().query(failedCustomers, PageRequest.first(byReference, 10)
                .after(demo.report().query(failedCustomers, PageRequest.first(byReference, 10)).nextCursor())).entries());
        waitFor(d -> shownReferences().equals(second));
        assertThat(text("page-no")).isEqualTo("Page 2 of " + (total + 9) / 10);
        assertThat(second.get(0)).isGreaterThan(first.get(9));

        browser.findElement(By.cssSelector("th[data-sort='REFERENCE']")).click();
        List<String> descending = references(demo.report().query(failedCustomers,
                PageRequest.first(ReportSort.by(ReportColumn.REFERENCE, SortDirection.DESC), 10)).entries());
        waitFor(d -> shownReferences().equals(descending) && "Page 1 of " .concat(String.valueOf((total + 9) / 10))
                .equals(text("page-no")));

        String prefix = first.get(0).substring(0, 9); // "CUST-0000"...: the reference filter narrows the rows
        browser.findElement(By.cssSelector("tr.filters input[name='reference']")).sendKeys(prefix);
        long narrowed = demo.report().count(failedCustomers.toBuilder().referenceContains(prefix).build());
        waitFor(d -> text("summary").contains("of " + narrowed + " entries"));
        assertThat(shownReferences()).isNotEmpty().allMatch(r -> r.contains(prefix));
    }

    @Test
    void reportPageShowsEveryStatusAndMarkupInValuesAsText() throws Exception {
        demo.systems().pushToPartner(demo.engine());
        runTheDemoSync();

        open("report.html?q=" + URLEncoder.encode("-00003", StandardCharsets.UTF_8) + "&sort=REFERENCE&dir=ASC&fields=1");
        waitFor(d -> !browser.findElements(By.cssSelector("#report tbody tr")).isEmpty());
        // customers 30 to 39 (one rejected by the flaky step), then the products pushed to the partner and to H2
        assertThat(browser.findElements(By.cssSelector("#report tbody td.c-status .badge")).subList(0, 14))
                .extracting(WebElement::getText).contains("OK", "Sent", "Pending", "Failed");
        assertThat(browser.findElement(By.cssSelector("#report thead th[data-sort='SOURCE_ID']")).isDisplayed()).isTrue();
        chromium.screenshot("report");

        open("report.html?q=ACME");
        waitFor(d -> browser.findElements(By.cssSelector("#report tbody tr")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#report tbody td.c-reference")).getText())
                .isEqualTo(DemoSystems.MARKUP_REFERENCE);
        assertThat(browser.findElements(By.cssSelector("#report tbody b"))).isEmpty();
    }

    @Test
    void aResyncedFailedRowShowsOkAndTheCsvHoldsExactlyTheFilteredRows() throws Exception {
        runTheDemoSync();
        ReportFilter failedCustomers = ReportFilter.builder().entity("customers").statuses(DeliveryStatus.FAILED).build();
        ReportEntry failed = demo.report().query(failedCustomers, PageRequest.first(1)).entries().get(0);
        open("report.html?reference=" + URLEncoder.encode(failed.reference(), StandardCharsets.UTF_8));
        By row = By.cssSelector("#report tbody tr[data-sync-id='" + failed.syncId() + "']");
        waitFor(d -> "FAILED".equals(d.findElement(row).getAttribute("data-status")));

        browser.findElement(row).findElement(By.cssSelector("input.row-pick")).click();
        browser.findElement(By.id("resync")).click();

        waitFor(d -> "OK".equals(d.findElement(row).getAttribute("data-status")));
        assertThat(browser.findElement(row).findElement(By.cssSelector("td.c-attempts")).getText()).isEqualTo("2");
        assertThat(demo.report().get(failed.syncId()).orElseThrow().status()).isEqualTo(DeliveryStatus.OK);

        List<Long> expected;
        try (Stream<ReportEntry> entries = demo.report().stream(failedCustomers, ReportSort.NEWEST_FIRST)) {
            expected = entries.map(ReportEntry::syncId).toList();
        }
        open("report.html?entity=customers&status=FAILED&size=10");
        waitFor(d -> text("summary").contains("of " + expected.size() + " entries"));
        browser.findElement(By.id("download")).click();
        Path csv = chromium.downloads().resolve("sync-report.csv");
        await().atMost(PATIENCE).until(() -> Files.exists(csv) && !Files.exists(Path.of(csv + ".crdownload")));

        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("syncId,runId,system,entity,reference,status");
        assertThat(lines.subList(1, lines.size())).extracting(line -> Long.parseLong(line.substring(0, line.indexOf(','))))
                .containsExactlyElementsOf(expected).doesNotContain(failed.syncId()).hasSizeGreaterThan(10);
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.contains(",customers,") && line.contains(",FAILED,"));
    }

    @Test
    void connectionsPageShowsAStatusChangePushedFromTheServer() throws Exception {
        DemoSystems.Connections connections = demo.systems().connect(demo.connections());
        open("connections.html");
        By warehouseStatus = By.cssSelector("[data-connection='crm ↔ warehouse'] .connection-status .badge");
        waitFor(d -> "INCOMPLETE".equals(d.findElement(warehouseStatus).getAttribute("data-status")));
        WebElement marketing = browser.findElement(By.cssSelector("[data-connection='crm ↔ marketing']"));
        assertThat(marketing.findElement(By.cssSelector(".connection-status")).getText()).isEqualTo("Active");
        assertThat(marketing.findElements(By.cssSelector("tr[data-space] td.c-status"))).extracting(WebElement::getText)
                .containsExactly("Active", "Error");
        assertThat(marketing.findElement(By.cssSelector(".metadata dd.c-status")).getText()).isEqualTo("Error");
        assertThat(marketing.findElement(By.cssSelector(".metadata dd.c-pending")).getText()).isEqualTo("1");
        ((JavascriptExecutor) browser).executeScript("window.stillTheSamePage = true;");

        connections.warehouseEnd().checkResult(ConnectionCheck.credentialsExpired("the warehouse's licence expired"));
        connections.warehouse().check().get(30, TimeUnit.SECONDS);

        waitFor(d -> "INACTIVE".equals(d.findElement(warehouseStatus).getAttribute("data-status")));
        assertThat(browser.findElement(By.cssSelector("[data-connection='crm ↔ warehouse']")).getText())
                .contains("the warehouse's licence expired");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.stillTheSamePage === true;"))
                .as("pushed to the open page, not reloaded").isEqualTo(Boolean.TRUE);
        chromium.screenshot("connections");

        browser.findElement(By.cssSelector("[data-connection='crm ↔ marketing'] a.error-log")).click();
        await().atMost(PATIENCE).until(() -> errorLog().isPresent());
        assertThat(Files.readString(errorLog().orElseThrow())).contains("score", "STRING", "INTEGER");
    }

    private void runTheDemoSync() throws Exception {
        SyncResult result = demo.console().startRun(new SyncSetup(DemoSystems.ENTITIES, false)).completion()
                .get(60, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
    }

    private void open(String page) {
        browser.get(demo.console().url().resolve(page).toString());
        waitFor(d -> "live".equals(text("live"))); // the event stream is open: nothing pushed from now on is missed
    }

    private void waitFor(Function<WebDriver, Boolean> condition) {
        // a redrawn table replaces its rows: an element found just before is stale, so look again
        new WebDriverWait(browser, PATIENCE).ignoring(StaleElementReferenceException.class).until(condition::apply);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private String attribute(String id, String name) {
        return browser.findElement(By.id(id)).getAttribute(name);
    }

    private List<String> shownReferences() {
        return browser.findElements(By.cssSelector("#report tbody td.c-reference")).stream().map(WebElement::getText).toList();
    }

    private static List<String> references(List<ReportEntry> entries) {
        return entries.stream().map(ReportEntry::reference).toList();
    }

    private long rowsIn(String table) throws Exception {
        try (Connection c = DriverManager.getConnection(demo.systems().h2Url(), "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Optional<Path> errorLog() throws IOException {
        try (Stream<Path> files = Files.list(chromium.downloads())) {
            return files.filter(p -> p.getFileName().toString().startsWith("metadata-errors-")
                    && p.getFileName().toString().endsWith(".txt")).findFirst();
        }
    }
}
