package io.paycloud.analytics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.paycloud.analytics.AnalyticsTestSupport;
import io.paycloud.common.id.Ids;
import io.paycloud.common.testsupport.TestTimes;

/**
 * Loads the ops dashboard in Debian's headless Chromium after a few payments and reads the numbers
 * back out of the rendered Chart.js charts. Skipped (and says so) where /usr/bin/chromium or
 * /usr/bin/chromedriver is missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest extends AnalyticsTestSupport {

    private static final Logger log = LoggerFactory.getLogger(DashboardBrowserTest.class);
    private static final Path CHROMIUM = Path.of(System.getProperty("paycloud.test.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(
            System.getProperty("paycloud.test.chromedriver", "/usr/bin/chromedriver"));

    @LocalServerPort
    int port;

    @Test
    void dashboardChartsShowTheRecentPaymentsAndTheConsumerLag() throws Exception {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!browser) {
            log.warn("Skipping the dashboard browser test: {} or {} is missing (apt-get install chromium chromium-driver)",
                    CHROMIUM, CHROMEDRIVER);
        }
        // an assumption in the test (not in @BeforeAll) so the report counts it as skipped
        assumeThat(browser).as("Debian's chromium and chromium-driver are installed").isTrue();

        String merchant = Ids.newId("mer");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
        Instant at = hour.plusSeconds(60);
        sim.succeeded(merchant, "CNY", 100_00, 60, at);
        sim.succeeded(merchant, "CNY", 50_00, 60, at.plusSeconds(10));
        sim.succeeded(merchant, "CNY", 25_50, 60, at.plusSeconds(20));
        sim.succeeded(Ids.newId("mer"), "USD", 10_00, 60, at.plusSeconds(30));
        sim.failed(merchant, "CNY", 9_00, "insufficient_funds", "approve", at.plusSeconds(40));
        sim.failed(merchant, "CNY", 8_00, "risk_declined", "decline", at.plusSeconds(50));
        drain();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        Path profile = Files.createTempDirectory("chromium-profile");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            // the gateway would relay a viewer's access token as this; here the browser sends it itself
            driver.executeCdpCommand("Network.enable", java.util.Map.of());
            driver.executeCdpCommand("Network.setExtraHTTPHeaders", java.util.Map.of("headers",
                    java.util.Map.of(io.paycloud.common.testsupport.TestIdentities.HEADER,
                            io.paycloud.common.testsupport.TestIdentities.operator("ana", "analytics-service",
                                    io.paycloud.common.identity.OperatorRole.VIEWER))));
            driver.get("http://127.0.0.1:" + port + "/dashboard");
            await().atMost(TestTimes.scaled(Duration.ofSeconds(20))).until(() -> Boolean.TRUE.equals(
                    driver.executeScript("return !!(window.dashboard && window.dashboard.ready)")));

            @SuppressWarnings("unchecked")
            Map<String, Object> charts = (Map<String, Object>) driver.executeScript("""
                    const read = id => {
                      const c = Chart.getChart(id);
                      return { labels: c.data.labels, datasets: c.data.datasets.map(d => ({ label: d.label, data: d.data })),
                               painted: (() => { const px = c.ctx.getImageData(0, 0, c.width, c.height).data;
                                 for (let i = 3; i < px.length; i += 4) { if (px[i] !== 0) return true; } return false; })() };
                    };
                    return { volume: read('volumeChart'), gross: read('grossChart'), success: read('successChart'),
                             declines: read('declineChart'), lag: read('lagChart'),
                             tiles: ['payments', 'succeeded', 'failed', 'success-rate', 'lag-events']
                               .map(t => document.getElementById('tile-' + t).textContent) };
                    """);
            String label = hour.toString().substring(5, 13).replace('T', ' ') + "h";
            Map<String, Object> volume = chart(charts, "volume");
            int i = ((List<?>) volume.get("labels")).indexOf(label);
            assertThat(i).as("the hour of the payments is on the chart").isNotNegative();
            assertThat(series(volume, "created").get(i).longValue()).isEqualTo(6);
            assertThat(series(volume, "succeeded").get(i).longValue()).isEqualTo(4);
            assertThat(series(volume, "failed").get(i).longValue()).isEqualTo(2);
            assertThat(series(volume, "created").stream().mapToDouble(Number::doubleValue).sum()).isEqualTo(6);
            assertThat(series(chart(charts, "gross"), "CNY").get(i).doubleValue()).isEqualTo(175.5);
            assertThat(series(chart(charts, "gross"), "USD").get(i).doubleValue()).isEqualTo(10.0);
            assertThat(series(chart(charts, "success"), "success rate %").get(i).doubleValue()).isEqualTo(66.67);
            assertThat(series(chart(charts, "declines"), "insufficient_funds").get(i).longValue()).isEqualTo(1);
            assertThat(series(chart(charts, "declines"), "risk_declined").get(i).longValue()).isEqualTo(1);
            List<Number> lagEvents = series(chart(charts, "lag"), "events behind");
            assertThat(lagEvents).isNotEmpty();
            assertThat(lagEvents.get(lagEvents.size() - 1).longValue()).isZero();
            assertThat(charts.get("tiles")).isEqualTo(List.of("6", "4", "2", "66.67 %", "0"));
            for (String c : List.of("volume", "gross", "success", "declines", "lag")) {
                assertThat(chart(charts, c).get("painted")).as(c + " drew on its canvas").isEqualTo(true);
            }

            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "dashboard.png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            log.info("Dashboard screenshot: {}", target.toAbsolutePath());
            assertThat(Files.size(target)).isPositive();
        } finally {
            driver.quit();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> chart(Map<String, Object> charts, String name) {
        return (Map<String, Object>) charts.get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<Number> series(Map<String, Object> chart, String label) {
        for (Map<String, Object> d : (List<Map<String, Object>>) chart.get("datasets")) {
            if (label.equals(d.get("label"))) {
                return (List<Number>) d.get("data");
            }
        }
        throw new AssertionError("no dataset " + label + " in " + chart.get("datasets"));
    }
}
