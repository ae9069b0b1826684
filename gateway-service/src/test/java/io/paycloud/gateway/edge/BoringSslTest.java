package io.paycloud.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;

import io.paycloud.gateway.PlatformCertificates;

/**
 * The gateway's TLS runs in BoringSSL (netty-tcnative), not the JDK's SSLEngine: the edge's HTTPS and
 * its mutual TLS to the services are most of its cryptography, and Reactor Netty takes the OpenSSL
 * engine whenever it loads. With this machine's natives it must load, and a context made the way
 * Boot makes the server's (a key manager from the SSL bundle) must be an OpenSSL one.
 */
class BoringSslTest {

    @Test
    void nettyTakesBoringSslForTheServerAndTheClientsWithTheBundlesKeyManager() throws Exception {
        assertThat(OpenSsl.isAvailable()).as("OpenSSL engine: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(OpenSsl.versionString()).contains("BoringSSL");
        assertThat(OpenSsl.supportsKeyManagerFactory()).isTrue();
        assertThat(SslProvider.isAlpnSupported(SslProvider.OPENSSL)).as("HTTP/2 by ALPN").isTrue();
        assertThat(SslContext.defaultServerProvider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(SslContext.defaultClientProvider()).isEqualTo(SslProvider.OPENSSL);

        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate("file:" + PlatformCertificates.DIR.resolve("gateway-service.crt"))
                        .withPrivateKey("file:" + PlatformCertificates.DIR.resolve("gateway-service.key")),
                PemSslStoreDetails.forCertificate("file:" + PlatformCertificates.DIR.resolve("ca.crt"))));
        SslContext http2 = Http2SslContextSpec.forServer(bundle.getManagers().getKeyManagerFactory()).sslContext();
        SslContext http11 = Http11SslContextSpec.forServer(bundle.getManagers().getKeyManagerFactory()).sslContext();
        SslContext client = Http11SslContextSpec.forClient()
                .configure(b -> b.keyManager(bundle.getManagers().getKeyManagerFactory())
                        .trustManager(bundle.getManagers().getTrustManagerFactory()))
                .sslContext();
        assertThat(http2).isInstanceOf(ReferenceCountedOpenSslContext.class);
        assertThat(http11).isInstanceOf(ReferenceCountedOpenSslContext.class);
        assertThat(client).isInstanceOf(ReferenceCountedOpenSslContext.class);
    }
}
