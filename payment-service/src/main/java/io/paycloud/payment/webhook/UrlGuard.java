package io.paycloud.payment.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.springframework.stereotype.Component;

/**
 * Keeps webhook deliveries from being aimed at the platform's own network (SSRF): only http(s) URLs
 * whose host resolves solely to public addresses. Checked when an endpoint is created and again
 * before every delivery, since DNS answers can change.
 */
@Component
class UrlGuard {

    private final WebhookProperties properties;

    UrlGuard(WebhookProperties properties) {
        this.properties = properties;
    }

    /** Why the URL is refused, or null when it is acceptable. */
    String refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "url is not a valid URL.";
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            return "url must be an http or https URL.";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "url needs a host.";
        }
        if (uri.getRawUserInfo() != null) {
            return "url may not carry credentials.";
        }
        if (properties.allowPrivateHosts()) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (!isPublic(address)) {
                    return "url points at a private, loopback or link-local address.";
                }
            }
        } catch (UnknownHostException e) {
            return "url's host does not resolve.";
        }
        return null;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xFE) != 0xFC; // fc00::/7 unique local
        }
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        return !(first == 0 || first == 100 && second >= 64 && second <= 127 // carrier-grade NAT
                || first == 169 && second == 254 || first >= 240);
    }
}
