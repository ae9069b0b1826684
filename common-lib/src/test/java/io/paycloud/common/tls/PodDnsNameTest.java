package io.paycloud.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * A Deployment's pod registers in Eureka under the name its headless Service publishes for its
 * address, which is the name its certificate covers; as the applications' own configuration reads it.
 */
class PodDnsNameTest {

    /** As every application's application.yml resolves eureka.instance.hostname. */
    static String hostname(MockEnvironment env) {
        new PodDnsName().postProcessEnvironment(env, null);
        return env.resolvePlaceholders("${EUREKA_INSTANCE_HOSTNAME:localhost}");
    }

    @Test
    void thePodsAddressInDashedFormUnderItsHeadlessService() {
        assertThat(hostname(new MockEnvironment().withProperty(PodDnsName.IP, "10.244.1.17")
                .withProperty(PodDnsName.SUBDOMAIN, "payment-service-pods"))).isEqualTo("10-244-1-17.payment-service-pods");
        // IPv6, as CoreDNS writes it: colons as dashes, lower case
        assertThat(hostname(new MockEnvironment().withProperty(PodDnsName.IP, "FD00:10:244::1a")
                .withProperty(PodDnsName.SUBDOMAIN, "risk-service-pods.paycloud.svc")))
                .isEqualTo("fd00-10-244--1a.risk-service-pods.paycloud.svc");
    }

    @Test
    void anExplicitHostnameWinsAndWithoutBothSettingsNothingChanges() {
        assertThat(hostname(new MockEnvironment().withProperty(PodDnsName.IP, "10.244.1.17")
                .withProperty(PodDnsName.SUBDOMAIN, "payment-service-pods")
                .withProperty(PodDnsName.HOSTNAME, "payment-service"))).isEqualTo("payment-service");
        assertThat(hostname(new MockEnvironment().withProperty(PodDnsName.IP, "10.244.1.17"))).isEqualTo("localhost");
        assertThat(hostname(new MockEnvironment().withProperty(PodDnsName.SUBDOMAIN, "payment-service-pods"))).isEqualTo("localhost");
    }

    @Test
    void somethingThatIsNoAddressOrNoDnsNameStopsTheStart() {
        for (String ip : new String[] {"pod-1", "10.0.0.1.evil.example", "10.0.0.1/24", "$(POD_IP)"}) {
            MockEnvironment env = new MockEnvironment().withProperty(PodDnsName.IP, ip)
                    .withProperty(PodDnsName.SUBDOMAIN, "payment-service-pods");
            assertThatThrownBy(() -> new PodDnsName().postProcessEnvironment(env, null)).as(ip)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("PAYCLOUD_POD_IP");
        }
        MockEnvironment env = new MockEnvironment().withProperty(PodDnsName.IP, "10.0.0.1")
                .withProperty(PodDnsName.SUBDOMAIN, "Payment_Service..pods");
        assertThatThrownBy(() -> new PodDnsName().postProcessEnvironment(env, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PAYCLOUD_POD_SUBDOMAIN");
    }
}
