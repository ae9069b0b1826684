package io.paycloud.common.tls;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The platform's SSL bundle, {@value #BUNDLE}: the process's own certificate and the platform's
 * CA as its only trust, defined by {@code paycloud-tls.yml} under the profile {@code tls}. Servers
 * use it through {@code server.ssl.bundle}; clients of other services through this class.
 */
public final class PlatformTls {

    public static final String BUNDLE = "paycloud";

    private PlatformTls() {
    }

    /** The bundle, or null when this process runs without TLS (no bundle of that name is configured). */
    public static SslBundle bundle(SslBundles bundles) {
        if (bundles == null) {
            return null;
        }
        try {
            return bundles.getBundle(BUNDLE);
        } catch (NoSuchSslBundleException e) {
            return null;
        }
    }
}
