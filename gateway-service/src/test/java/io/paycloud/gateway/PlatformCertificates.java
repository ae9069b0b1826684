package io.paycloud.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import io.paycloud.common.testsupport.DevCertificates;

/**
 * The tests' certificates, made by {@code bin/dev-certs} as {@code bin/platform} makes them: a
 * development CA and one certificate per service in {@code gateway-service/target/test-tls}, which
 * every {@link LocalPlatform} hands its processes; and, in {@code test-tls-foreign}, another CA with
 * certificates of the same names, which no process trusts.
 */
public final class PlatformCertificates {

    public static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    public static final Path DIR = make("test-tls", "tests");
    public static final Path FOREIGN = make("test-tls-foreign", "foreign");

    private PlatformCertificates() {
    }

    private static Path make(String name, String label) {
        return DevCertificates.make(ROOT.resolve("gateway-service/target").resolve(name), label);
    }

    /** An SSL context presenting {@code name}'s certificate from {@code dir} (none when null), trusting the platform's CA. */
    public static SSLContext context(Path dir, String name) {
        PemSslStoreDetails key = name == null ? null
                : PemSslStoreDetails.forCertificate("file:" + dir.resolve(name + ".crt")).withPrivateKey("file:" + dir.resolve(name + ".key"));
        PemSslStoreDetails trust = PemSslStoreDetails.forCertificate("file:" + DIR.resolve("ca.crt"));
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(key, trust));
        return bundle.createSslContext();
    }

    /**
     * An SSL context that presents {@code name}'s certificate of another CA whatever CAs the server
     * names as acceptable (Java's own key manager would quietly send none), as an attacker's client
     * does; it trusts the platform's CA, so the handshake fails only where the server refuses it.
     */
    public static SSLContext foreignContext(String name) {
        SslBundle foreign = SslBundle.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate("file:" + FOREIGN.resolve(name + ".crt"))
                .withPrivateKey("file:" + FOREIGN.resolve(name + ".key")), PemSslStoreDetails.forCertificate("file:" + DIR.resolve("ca.crt"))));
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) foreign.getManagers().getKeyManagers()[0];
        X509ExtendedKeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return keys.getClientAliases("EC", null)[0];
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return keys.getClientAliases("EC", null)[0];
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return keys.getClientAliases(keyType, null);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return keys.getServerAliases(keyType, issuers);
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return keys.chooseServerAlias(keyType, issuers, socket);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return keys.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return keys.getPrivateKey(alias);
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {always}, foreign.getManagers().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The base64 SHA-256 of the public keys of these services' certificates, as Chromium's
     * {@code --ignore-certificate-errors-spki-list} takes them (comma separated).
     */
    public static String spkiHashes(String... names) {
        List<String> hashes = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = Files.newInputStream(DIR.resolve(name + ".crt"))) {
                Certificate leaf = CertificateFactory.getInstance("X.509").generateCertificate(in);
                hashes.add(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(leaf.getPublicKey().getEncoded())));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("could not read " + name + "'s certificate", e);
            }
        }
        return String.join(",", hashes);
    }

    /** A client as the platform's processes are: {@code name}'s certificate of the platform's CA. */
    public static HttpClient client(String name) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .sslContext(context(DIR, name)).build();
    }
}
