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
 * Loads the ops dashboard in Debian's headless Chromium after a few payments, lets it sign the browser
 * in (authorization code with PKCE, at {@link StubIssuer}), and reads the numbers back out of the
 * rendered Chart.js charts. Skipped (and says so) where /usr/bin/chromium or
 * /usr/bin/chromedriver is missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.context.annotation.Import(DashboardBrowserTest.StubIssuer.class)
class DashboardBrowserTest extends AnalyticsTestSupport {

    /**
     * The operators' issuer as the page meets it through the gateway, on its own origin: the authorization
     * endpoint sends the browser straight back with a code (the operator "signed in"), the token endpoint
     * exchanges it, only for the page's client, callback and PKCE verifier, for a viewer's token (here the
     * identity the gateway would relay, which analytics-service takes).
     */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class StubIssuer {

        static final java.util.concurrent.atomic.AtomicInteger exchanged = new java.util.concurrent.atomic.AtomicInteger();
        private static final Map<String, String[]> codes = new java.util.concurrent.ConcurrentHashMap<>();

        @org.springframework.context.annotation.Bean
        @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
        org.springframework.security.web.SecurityFilterChain stubIssuerEndpoints(
                org.springframework.security.config.annotation.web.builders.HttpSecurity http) throws Exception {
            return http.securityMatcher("/oauth2/**").authorizeHttpRequests(r -> r.anyRequest().permitAll())
                    .csrf(c -> c.disable()).build();
        }

        @org.springframework.context.annotation.Bean
        org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> stubIssuer() {
            return org.springframework.web.servlet.function.RouterFunctions.route()
                    .GET("/oauth2/authorize", request -> {
                        Map<String, String> q = request.params().toSingleValueMap();
                        if (!"code".equals(q.get("response_type")) || !"paycloud-dashboard".equals(q.get("client_id"))
                                || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null
                                || q.get("state") == null || !q.getOrDefault("redirect_uri", "").endsWith("/dashboard")) {
                            return org.springframework.web.servlet.function.ServerResponse.badRequest().build();
                        }
                        String code = Ids.newId("code");
                        codes.put(code, new String[] {q.get("code_challenge"), q.get("redirect_uri")});
                        return org.springframework.web.servlet.function.ServerResponse.status(302)
                                .header("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                                        + java.net.URLEncoder.encode(q.get("state"), java.nio.charset.StandardCharsets.UTF_8))
                                .build();
                    })
                    .POST("/oauth2/token", request -> {
                        Map<String, String> form = request.params().toSingleValueMap();
                        String[] grant = codes.remove(form.getOrDefault("code", ""));
                        String verifier = form.getOrDefault("code_verifier", "");
                        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                                java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                        if (grant == null || !"authorization_code".equals(form.get("grant_type"))
                                || !"paycloud-dashboard".equals(form.get("client_id")) || !grant[0].equals(challenge)
                                || !grant[1].equals(form.get("redirect_uri"))) {
                            return org.springframework.web.servlet.function.ServerResponse.badRequest()
                                    .body(Map.of("error", "invalid_grant"));
                        }
                        exchanged.incrementAndGet();
                        String token = io.paycloud.common.testsupport.TestIdentities.operator("ana", "analytics-service",
                                io.paycloud.common.identity.OperatorRole.VIEWER).substring("Bearer ".length());
                        return org.springframework.web.servlet.function.ServerResponse.ok()
                                .body(Map.of("access_token", token, "token_type", "Bearer", "expires_in", 600));
                    })
                    .build();
        }
    }

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
            // the page signs the browser in at the issuer (StubIssuer here) and reads the data with the token it gets
            driver.get("http://127.0.0.1:" + port + "/dashboard");
            await().atMost(TestTimes.scaled(Duration.ofSeconds(20))).until(() -> Boolean.TRUE.equals(
                    driver.executeScript("return !!(window.dashboard && window.dashboard.ready)")));
            assertThat(StubIssuer.exchanged).as("one code exchanged, with the verifier of its challenge").hasValue(1);
            assertThat(driver.getCurrentUrl()).as("the code is gone from the address").isEqualTo("http://127.0.0.1:" + port
                    + "/dashboard");

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
