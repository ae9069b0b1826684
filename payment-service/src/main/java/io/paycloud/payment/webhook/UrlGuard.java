package io.paycloud.payment.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;
import org.springframework.stereotype.Component;

/**
 * Keeps webhook deliveries from being aimed at the platform's own network (SSRF): only https URLs
 * (http too in development) whose host resolves solely to public addresses. Checked when an endpoint is created, and by the
 * delivery's own connection: {@link WebhookHttp} looks the host up through {@link #addresses} alone,
 * so it connects to exactly the addresses judged here, with no second lookup for a rebinding DNS to
 * answer differently.
 */
@Component
class UrlGuard {

    /**
     * What no webhook may reach: the IANA special-purpose registries' ranges that are not globally
     * reachable, and the IPv6 transition prefixes that carry an IPv4 address inside (NAT64, 6to4,
     * Teredo, IPv4-compatible), since they may lead back into a refused IPv4 range. IPv4-mapped IPv6
     * addresses are judged by the IPv4 address they map.
     */
    private static final List<Range> REFUSED = Arrays.stream(new String[] {
        "0.0.0.0/8",          // "this network"
        "10.0.0.0/8",         // private
        "100.64.0.0/10",      // carrier-grade NAT
        "127.0.0.0/8",        // loopback
        "169.254.0.0/16",     // link-local, cloud metadata
        "172.16.0.0/12",      // private
        "192.0.0.0/24",       // IETF protocol assignments
        "192.0.2.0/24",       // documentation (TEST-NET-1)
        "192.88.99.0/24",     // deprecated 6to4 relay anycast
        "192.168.0.0/16",     // private
        "198.18.0.0/15",      // benchmarking
        "198.51.100.0/24",    // documentation (TEST-NET-2)
        "203.0.113.0/24",     // documentation (TEST-NET-3)
        "224.0.0.0/4",        // multicast
        "240.0.0.0/4",        // reserved, and the broadcast address
        "::/96",              // unspecified, loopback, IPv4-compatible
        "::ffff:0:0:0/96",    // IPv4-translated (SIIT)
        "64:ff9b::/96",       // NAT64
        "64:ff9b:1::/48",     // local-use NAT64
        "100::/64",           // discard-only
        "2001::/23",          // IETF protocol assignments: Teredo, ORCHID, benchmarking
        "2001:db8::/32",      // documentation
        "2002::/16",          // 6to4
        "3fff::/20",          // documentation
        "5f00::/16",          // segment routing (SRv6) identifiers
        "fc00::/7",           // unique local
        "fe80::/10",          // link-local
        "fec0::/10",          // site-local (deprecated)
        "ff00::/8",           // multicast
    }).map(Range::parse).toList();

    /** The DNS answered for a host, but not only with public addresses. */
    static final class RefusedHost extends UnknownHostException {

        RefusedHost(String host) {
            super(host + " does not resolve solely to public addresses");
        }
    }

    private final WebhookProperties properties;
    private final DnsResolver dns;

    UrlGuard(WebhookProperties properties, DnsResolver dns) {
        this.properties = properties;
        this.dns = dns;
    }

    /** Why the URL is refused, or null when it is acceptable: its form, then every address its host has now. */
    String refusal(String url) {
        String refusal = formRefusal(url);
        if (refusal != null || properties.allowPrivateHosts()) {
            return refusal;
        }
        try {
            addresses(URI.create(url).getHost());
        } catch (RefusedHost e) {
            return "url points at a private, loopback, link-local or otherwise non-public address.";
        } catch (UnknownHostException e) {
            return "url's host does not resolve.";
        }
        return null;
    }

    /** Why the URL's form is refused (scheme, host, credentials), or null; its addresses are not looked at. */
    String formRefusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "url is not a valid URL.";
        }
        // a scheme is case-insensitive (RFC 3986): HTTPS:// is https://, and HTTP:// is no way around the rule below
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
            return properties.allowPlainHttp() ? "url must be an http or https URL." : "url must be an https URL.";
        }
        if (uri.getScheme().equalsIgnoreCase("http") && !properties.allowPlainHttp()) {
            return "url must be an https URL: deliveries are sent encrypted only.";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "url needs a host.";
        }
        if (uri.getRawUserInfo() != null) {
            return "url may not carry credentials.";
        }
        return null;
    }

    /**
     * Looks {@code host} up once and answers its addresses, all of them allowed; {@link RefusedHost}
     * when any is not (one bad answer refuses the name: a client may try them in any order).
     */
    InetAddress[] addresses(String host) throws UnknownHostException {
        InetAddress[] addresses = dns.resolve(host);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        if (!properties.allowPrivateHosts()) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw new RefusedHost(host);
                }
            }
        }
        return addresses;
    }

    static boolean isPublic(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16 && isIpv4Mapped(b)) {
            b = Arrays.copyOfRange(b, 12, 16);
        }
        if (b.length == 16 && (b[0] & 0xE0) != 0x20) {
            return false; // outside 2000::/3, the only IPv6 space assigned as global unicast
        }
        for (Range range : REFUSED) {
            if (range.contains(b)) {
                return false;
            }
        }
        return true;
    }

    /** ::ffff:a.b.c.d, which the system connects to as the IPv4 address a.b.c.d. */
    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }

    private record Range(byte[] prefix, int bits) {

        static Range parse(String cidr) {
            int slash = cidr.indexOf('/');
            return new Range(literal(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
        }

        /** The bytes of an address literal (no lookup: InetAddress parses literals itself). */
        private static byte[] literal(String text) {
            try {
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(text, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[whole] & mask) == (prefix[whole] & mask);
        }
    }
}
