package io.paycloud.common.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * MySQL Connector/J verifies a server against the PEM file of {@code paycloud.datastores.ca} too, as
 * MariaDB Connector/J and Lettuce do. Connector/J reads no PEM: it takes a trust store (JKS or PKCS12)
 * and otherwise the JVM's own, which knows no private CA. So, on the profiles whose JDBC URLs carry
 * {@code paycloud.datastores.jdbc-tls} (common-lib's {@code paycloud-tls.yml}, second document), the CA
 * file is loaded through Spring Boot's PEM store ({@link PemSslStoreBundle}), written once as a PKCS12
 * trust store into a file of this process's own (mode 0600, in {@code java.io.tmpdir}), and named in
 * {@code jdbc-tls} with {@code trustCertificateKeyStoreUrl}. The store holds public certificates only;
 * its password, random per start, guards nothing secret. MariaDB Connector/J ignores those parameters.
 *
 * <p>Nothing is done when TLS is off ({@code sslMode=DISABLED}, MariaDB's {@code sslMode=disable}, {@code useSSL=false}) or the URL names a trust store already.
 * A CA file that is missing stops the start, naming it: verification is never dropped silently. A CA
 * replaced while the service runs is taken at its next start (the Redis bundle reloads at once).
 */
public class DatastoreTrustStore implements EnvironmentPostProcessor, Ordered {

    static final String JDBC_TLS = "paycloud.datastores.jdbc-tls";
    static final String CA = "paycloud.datastores.ca";
    /** TLS turned off, in MySQL Connector/J's words or MariaDB Connector/J's. */
    static final Pattern TLS_OFF = Pattern.compile("(?i)(^|[?&;])(sslMode=(DISABLED|disable)|useSSL=false)(&|;|$)");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // the profiles with data stores define both; an application without a database (the gateway) needs none
        if (!environment.containsProperty(JDBC_TLS) || !environment.containsProperty(CA)
                || !environment.containsProperty("spring.datasource.url")) {
            return;
        }
        String jdbcTls = environment.getProperty(JDBC_TLS, "");
        if (jdbcTls.contains("trustCertificateKeyStoreUrl=") || TLS_OFF.matcher(jdbcTls).find()) {
            return;
        }
        Path ca = Paths.get(environment.getRequiredProperty(CA));
        if (!Files.isReadable(ca)) {
            throw new IllegalStateException("The data stores' CA file " + ca + " (PAYCLOUD_DATASTORE_CA) cannot be read: "
                    + "TLS to MySQL and Redis verifies the servers against it (DB_SSL_MODE=DISABLED and REDIS_TLS=false turn TLS off)");
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path store = write(ca, password.toCharArray());
        environment.getPropertySources().addFirst(new MapPropertySource("paycloudDatastoreTrustStore", Map.of(JDBC_TLS,
                jdbcTls + "&trustCertificateKeyStoreUrl=" + URLEncoder.encode(store.toUri().toString(), StandardCharsets.UTF_8)
                        + "&trustCertificateKeyStoreType=PKCS12"
                        + "&trustCertificateKeyStorePassword=" + password)));
    }

    /** The CA file's certificates as a PKCS12 trust store, in a new file only this process's user can read. */
    static Path write(Path ca, char[] password) {
        try {
            KeyStore pem = new PemSslStoreBundle(null, PemSslStoreDetails.forCertificates("file:" + ca.toAbsolutePath())).getTrustStore();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (String alias : Collections.list(pem.aliases())) {
                store.setCertificateEntry(alias, pem.getCertificate(alias));
            }
            Path file = Files.createTempFile("paycloud-datastores-", ".p12",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the data stores' trust store from " + ca, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the data stores' CA file " + ca + " holds no usable certificate", e);
        }
    }

    @Override
    public int getOrder() {
        // once the configuration files are read: the profiles decide whether jdbc-tls exists at all
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
