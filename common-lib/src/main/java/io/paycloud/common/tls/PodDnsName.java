package io.paycloud.common.tls;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The name a pod of a Kubernetes Deployment registers in Eureka, and which its certificate carries: the
 * DNS name its headless Service ({@code <application>-pods}) gives its address. A Deployment's pods have
 * no DNS name of their own (Kubernetes publishes {@code <hostname>.<subdomain>} only for pods whose spec
 * sets a hostname, which a Deployment's template cannot do per pod); a headless Service publishes each
 * endpoint under the dashed form of its address instead, {@code 10-1-2-3.<service>.<namespace>.svc}
 * (an IPv6 address with its colons as dashes), which the certificate's {@code *.<service>} names cover.
 *
 * <p>With {@code paycloud.pod.ip} (the downward API's {@code status.podIP} as {@code PAYCLOUD_POD_IP})
 * and {@code paycloud.pod.subdomain} ({@code PAYCLOUD_POD_SUBDOMAIN}, the headless Service's name) set,
 * {@code EUREKA_INSTANCE_HOSTNAME}, which every application's {@code eureka.instance.hostname} reads, is
 * that name, unless it is set itself. docker/prestop.sh computes the same name for the instance id.
 */
public class PodDnsName implements EnvironmentPostProcessor, Ordered {

    static final String IP = "paycloud.pod.ip";
    static final String SUBDOMAIN = "paycloud.pod.subdomain";
    static final String HOSTNAME = "EUREKA_INSTANCE_HOSTNAME";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String ip = environment.getProperty(IP, "");
        String subdomain = environment.getProperty(SUBDOMAIN, "");
        if (ip.isBlank() || subdomain.isBlank() || environment.containsProperty(HOSTNAME)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("paycloudPodDnsName", Map.of(HOSTNAME, name(ip, subdomain))));
    }

    /** The dashed form of the address under the subdomain, as the cluster DNS publishes it. */
    static String name(String ip, String subdomain) {
        if (!ip.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:]*")) {
            throw new IllegalStateException("paycloud.pod.ip (PAYCLOUD_POD_IP) is not an IP address: " + ip);
        }
        if (!subdomain.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            throw new IllegalStateException("paycloud.pod.subdomain (PAYCLOUD_POD_SUBDOMAIN) is not a DNS name: " + subdomain);
        }
        return ip.replace('.', '-').replace(':', '-').toLowerCase(Locale.ROOT) + "." + subdomain;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
