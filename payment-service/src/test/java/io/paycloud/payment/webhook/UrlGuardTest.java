package io.paycloud.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;

class UrlGuardTest {

    static final WebhookProperties STRICT = new WebhookProperties(false, true, Duration.ofSeconds(2), Duration.ofSeconds(5));

    /** One URL in each range no webhook may reach, IPv4-mapped, -compatible and tunnelled forms included. */
    static final List<String> NON_PUBLIC = List.of(
            "http://0.0.0.0/x", "http://0.1.2.3/x", "http://10.1.2.3/x", "http://100.64.0.1/x", "http://100.127.255.254/x",
            "http://127.0.0.1/x", "http://127.8.9.10/x", "http://localhost:8080/x", "http://169.254.169.254/latest/meta-data",
            "http://172.16.0.1/x", "http://172.31.255.255/x", "http://192.0.0.8/x", "http://192.0.0.170/x",
            "http://192.0.2.10/x", "http://192.88.99.1/x", "http://192.168.1.1/x", "http://198.18.0.1/x",
            "http://198.19.255.255/x", "http://198.51.100.7/x", "http://203.0.113.9/x", "http://224.0.0.251/x",
            "http://239.255.255.250/x", "http://240.0.0.1/x", "http://255.255.255.255/x",
            "http://[::]/x", "http://[::1]/x", "http://[::127.0.0.1]/x", "http://[::ffff:127.0.0.1]/x",
            "http://[::ffff:7f00:1]/x", "http://[::ffff:10.0.0.1]/x", "http://[::ffff:169.254.169.254]/x",
            "http://[::ffff:100.64.0.1]/x", "http://[::ffff:198.18.0.1]/x", "http://[::ffff:192.0.0.8]/x",
            "http://[::ffff:0:7f00:1]/x", "http://[64:ff9b::7f00:1]/x", "http://[64:ff9b::5db8:d822]/x",
            "http://[64:ff9b:1::a00:1]/x", "http://[2002:7f00:1::1]/x", "http://[2002:5db8:d822::1]/x",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x", "http://[2001:db8::1]/x", "http://[3fff::1]/x",
            "http://[100::1]/x", "http://[5f00::1]/x", "http://[fc00::1]/x", "http://[fd12:3456::1]/x",
            "http://[fe80::1]/x", "http://[fec0::1]/x", "http://[ff02::1]/x", "http://[4000::1]/x");

    /**
     * A DNS that answers scripted names with the next of their scripted answers (the last one repeats)
     * and counts its lookups; other {@code .test} names do not exist, and the rest (address literals,
     * localhost) goes to the system resolver, which answers those without asking a DNS server.
     */
    static final class ScriptedDns implements DnsResolver {

        private final Map<String, Deque<String[]>> answers = new HashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        ScriptedDns answer(String host, String... addresses) {
            answers.computeIfAbsent(host, h -> new ArrayDeque<>()).add(addresses);
            return this;
        }

        @Override
        public synchronized InetAddress[] resolve(String host) throws UnknownHostException {
            Deque<String[]> scripted = answers.get(host);
            if (scripted == null && host.endsWith(".test")) {
                throw new UnknownHostException(host);
            }
            if (scripted == null) {
                return SystemDefaultDnsResolver.INSTANCE.resolve(host);
            }
            lookups.incrementAndGet();
            String[] answer = scripted.size() > 1 ? scripted.poll() : scripted.peek();
            InetAddress[] out = new InetAddress[answer.length];
            for (int i = 0; i < answer.length; i++) {
                out[i] = InetAddress.getByAddress(host, InetAddress.getByName(answer[i]).getAddress());
            }
            return out;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    @Test
    void everyNonPublicRangeIsRefused() {
        UrlGuard guard = new UrlGuard(STRICT, new ScriptedDns());
        for (String url : NON_PUBLIC) {
            assertThat(guard.refusal(url)).as(url).isEqualTo("url points at a private, loopback, link-local or otherwise non-public address.");
        }
    }

    @Test
    void publicAddressesAndTheEdgesOfRefusedRangesAreAccepted() {
        UrlGuard guard = new UrlGuard(STRICT, new ScriptedDns());
        for (String url : List.of("https://93.184.216.34/hooks", "http://1.1.1.1/x", "http://9.255.255.255/x",
                "http://11.0.0.0/x", "http://100.63.255.255/x", "http://100.128.0.0/x", "http://172.15.255.255/x",
                "http://172.32.0.0/x", "http://192.0.1.255/x", "http://192.0.3.0/x", "http://198.17.255.255/x",
                "http://198.20.0.0/x", "http://223.255.255.255/x", "http://[::ffff:93.184.216.34]/x",
                "http://[2606:4700:4700::1111]/x", "http://[2001:200::1]/x", "http://[2003::1]/x")) {
            assertThat(guard.refusal(url)).as(url).isNull();
        }
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsNotPublic() throws Exception {
        ScriptedDns dns = new ScriptedDns().answer("mixed.merchant.test", "93.184.216.34", "10.0.0.5")
                .answer("public.merchant.test", "93.184.216.34", "2606:4700:4700::1111");
        UrlGuard guard = new UrlGuard(STRICT, dns);
        assertThat(guard.refusal("https://mixed.merchant.test/hooks")).isNotNull();
        assertThatThrownBy(() -> guard.addresses("mixed.merchant.test")).isInstanceOf(UrlGuard.RefusedHost.class);
        assertThat(guard.refusal("https://public.merchant.test/hooks")).isNull();
        assertThat(guard.addresses("public.merchant.test")).hasSize(2);
        assertThat(guard.refusal("https://nowhere.merchant.test/hooks")).isEqualTo("url's host does not resolve.");
    }

    @Test
    void outsideDevelopmentOnlyHttpsIsTakenAtCreationAndAtDelivery() {
        UrlGuard guard = new UrlGuard(new WebhookProperties(false, false, null, null), new ScriptedDns());
        assertThat(guard.refusal("https://93.184.216.34/hooks")).isNull();
        for (String url : List.of("http://93.184.216.34/hooks", "HTTP://93.184.216.34/hooks", "ws://93.184.216.34/hooks",
                "ftp://93.184.216.34/hooks", "//93.184.216.34/hooks")) {
            assertThat(guard.refusal(url)).as(url).startsWith("url must be an https URL");
            // the dispatcher checks the form again before every delivery: an endpoint kept from before is not sent to
            assertThat(guard.formRefusal(url)).as(url).startsWith("url must be an https URL");
        }
    }

    @Test
    void developmentReachesPrivateHostsButStillRefusesBadForms() {
        UrlGuard guard = new UrlGuard(new WebhookProperties(true, true, null, null), new ScriptedDns());
        assertThat(guard.refusal("http://127.0.0.1:8080/hook")).isNull();
        assertThat(guard.refusal("ftp://127.0.0.1/hook")).isNotNull();
        assertThat(guard.refusal("http://user:pw@127.0.0.1/hook")).isNotNull();
    }
}
