package io.paycloud.common.tls;

import java.io.IOException;
import java.net.URI;
import java.util.function.Function;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * A client's request factory over the platform's bundle, made again whenever Boot reloads the
 * bundle (a renewed certificate): the next connection presents the new certificate.
 */
public final class RenewingRequestFactory implements ClientHttpRequestFactory {

    private final Function<SslBundle, ClientHttpRequestFactory> factories;
    private volatile ClientHttpRequestFactory current;

    private RenewingRequestFactory(Function<SslBundle, ClientHttpRequestFactory> factories, SslBundle bundle) {
        this.factories = factories;
        this.current = factories.apply(bundle);
    }

    /**
     * {@code factories} applied to the platform's bundle, renewed with it; applied to null (plain
     * HTTP) when this process has no such bundle.
     */
    public static ClientHttpRequestFactory over(SslBundles bundles, Function<SslBundle, ClientHttpRequestFactory> factories) {
        SslBundle bundle = PlatformTls.bundle(bundles);
        if (bundle == null) {
            return factories.apply(null);
        }
        RenewingRequestFactory renewing = new RenewingRequestFactory(factories, bundle);
        bundles.addBundleUpdateHandler(PlatformTls.BUNDLE, renewed -> renewing.current = factories.apply(renewed));
        return renewing;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
        return current.createRequest(uri, httpMethod);
    }
}
