package io.paycloud.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.payment.PaymentTestSupport;

/**
 * Endpoint creation as in production, where private hosts and plain HTTP are not allowed. A context of its own, closed
 * after the class so that its webhook dispatcher does not take other tests' deliveries to loopback.
 */
@TestPropertySource(properties = {"paycloud.webhooks.allow-private-hosts=false", "paycloud.webhooks.allow-plain-http=false"})
@DirtiesContext
class WebhookEndpointUrlTest extends PaymentTestSupport {

    @Test
    void anEndpointAtANonPublicAddressIsRefusedWithAProblemAndNotStored() throws Exception {
        refusedAndNotStoredThenTaken(UrlGuardTest.NON_PUBLIC, "https://93.184.216.34/hooks");
    }

    @Test
    void anEndpointWithoutTlsIsRefusedWithAProblemAndNotStoredHoweverItsSchemeIsSpelled() throws Exception {
        refusedAndNotStoredThenTaken(List.of("http://93.184.216.34/hooks", "HTTP://93.184.216.34/hooks", "hTtP://93.184.216.34:443/hooks",
                "http://93.184.216.34:443/hooks", "http:93.184.216.34/hooks", "http:///93.184.216.34/hooks", " http://93.184.216.34/hooks",
                "ws://93.184.216.34/hooks", "ftp://93.184.216.34/hooks", "//93.184.216.34/hooks", "93.184.216.34/hooks"),
                "HTTPS://93.184.216.34/hooks");
    }

    /** Each of {@code refused} gets 400 parameter_invalid on url and writes nothing; {@code taken} is then created. */
    private void refusedAndNotStoredThenTaken(Iterable<String> refused, String taken) throws Exception {
        World w = world(100_00, 60);
        long before = rows("webhook_endpoint");
        for (String url : refused) {
            MvcResult r = postJson(w.merchant(), "/v1/webhook-endpoints", "{\"url\":\"" + url + "\",\"enabledEvents\":[\"*\"]}", null);
            assertThat(r.getResponse().getStatus()).as(url).isEqualTo(400);
            assertThat(r.getResponse().getContentType()).as(url).startsWith("application/problem+json");
            assertThat(body(r).path("code").asString()).as(url).isEqualTo("parameter_invalid");
            assertThat(body(r).path("param").asString()).as(url).isEqualTo("url");
        }
        assertThat(rows("webhook_endpoint")).isEqualTo(before);

        MvcResult ok = postJson(w.merchant(), "/v1/webhook-endpoints", "{\"url\":\"" + taken + "\",\"enabledEvents\":[\"*\"]}", null);
        assertThat(ok.getResponse().getStatus()).isEqualTo(201);
    }
}
