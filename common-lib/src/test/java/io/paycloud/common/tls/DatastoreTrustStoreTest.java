package io.paycloud.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import io.paycloud.common.testsupport.DataStoreTls;
import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * MySQL Connector/J verifies the database against {@code PAYCLOUD_DATASTORE_CA}'s PEM file through the
 * trust store {@link DatastoreTrustStore} writes: checked on the environment, and against the test
 * MariaDB over TLS (where .ci/run gives it TLS) with Connector/J itself, whose connection succeeds with
 * the server's CA and fails with another.
 */
class DatastoreTrustStoreTest {

    static final Path ROOT = Paths.get("").toAbsolutePath().getParent();

    /** A development CA (bin/dev-certs) in {@code dir}: its ca.crt. */
    static Path certificateAuthority(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", ROOT.resolve("bin/dev-certs").toString(), dir.toString(), "unused")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        return dir.resolve("ca.crt");
    }

    static MockEnvironment environment(String jdbcTls, Path ca) {
        return new MockEnvironment().withProperty(DatastoreTrustStore.JDBC_TLS, jdbcTls)
                .withProperty(DatastoreTrustStore.CA, ca.toString())
                .withProperty("spring.datasource.url", "jdbc:mysql://mysql:3306/payments?" + jdbcTls);
    }

    /** The query parameters of a jdbc-tls value. */
    static Map<String, String> parameters(String jdbcTls) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : jdbcTls.split("&")) {
            String[] kv = pair.split("=", 2);
            result.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return result;
    }

    @Test
    void theCaFileBecomesAPrivatePkcs12TrustStoreNamedInTheJdbcUrl(@TempDir Path tmp) throws Exception {
        Path ca = certificateAuthority(tmp.resolve("ca"));
        MockEnvironment env = environment("sslMode=VERIFY_IDENTITY&serverSslCert=" + ca, ca);
        new DatastoreTrustStore().postProcessEnvironment(env, null);

        Map<String, String> params = parameters(env.getProperty(DatastoreTrustStore.JDBC_TLS));
        assertThat(params).containsEntry("sslMode", "VERIFY_IDENTITY").containsEntry("serverSslCert", ca.toString())
                .containsEntry("trustCertificateKeyStoreType", "PKCS12");
        // Connector/J URL-decodes every value: the store's URI is encoded whole, so no character of the
        // temporary directory's path (an & or a space) can end or change the parameter
        String url = params.get("trustCertificateKeyStoreUrl");
        assertThat(url).doesNotContain(":", "/");
        Path store = Paths.get(URI.create(URLDecoder.decode(url, StandardCharsets.UTF_8)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            trust.load(in, params.get("trustCertificateKeyStorePassword").toCharArray());
        }
        X509Certificate expected;
        try (InputStream in = Files.newInputStream(ca)) {
            expected = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        List<String> aliases = Collections.list(trust.aliases());
        assertThat(aliases).singleElement().satisfies(a -> {
            assertThat(trust.isCertificateEntry(a)).as("a trusted certificate, no key").isTrue();
            assertThat(trust.getCertificate(a)).isEqualTo(expected);
        });
    }

    @Test
    void nothingChangesWhenTlsIsOffOrATrustStoreIsNamedAndAMissingCaStopsTheStart(@TempDir Path tmp) throws Exception {
        Path ca = certificateAuthority(tmp.resolve("ca"));
        for (String off : List.of("sslMode=DISABLED&serverSslCert=" + ca, "sslMode=disabled", "sslMode=disable",
                "useSSL=false", "user=app&useSSL=false&allowPublicKeyRetrieval=true",
                "sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/elsewhere.p12")) {
            MockEnvironment env = environment(off, ca);
            new DatastoreTrustStore().postProcessEnvironment(env, null);
            assertThat(env.getProperty(DatastoreTrustStore.JDBC_TLS)).as(off).isEqualTo(off);
        }
        // a profile without data stores (embedded) has no jdbc-tls at all
        MockEnvironment embedded = new MockEnvironment();
        new DatastoreTrustStore().postProcessEnvironment(embedded, null);
        assertThat(embedded.containsProperty(DatastoreTrustStore.JDBC_TLS)).isFalse();
        // and an application without a database (the gateway) gets no trust store
        MockEnvironment gateway = new MockEnvironment().withProperty(DatastoreTrustStore.JDBC_TLS, "sslMode=VERIFY_IDENTITY")
                .withProperty(DatastoreTrustStore.CA, ca.toString());
        new DatastoreTrustStore().postProcessEnvironment(gateway, null);
        assertThat(gateway.getProperty(DatastoreTrustStore.JDBC_TLS)).isEqualTo("sslMode=VERIFY_IDENTITY");

        MockEnvironment missing = environment("sslMode=VERIFY_IDENTITY", tmp.resolve("no-such-ca.crt"));
        assertThatThrownBy(() -> new DatastoreTrustStore().postProcessEnvironment(missing, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-ca.crt")
                .hasMessageContaining("PAYCLOUD_DATASTORE_CA");
    }

    /**
     * Connector/J against the test MariaDB over TLS, host name verified: the server's CA opens an
     * encrypted connection, another CA none.
     */
    @Test
    void connectorJVerifiesTheServerAgainstTheCaFile(@TempDir Path tmp) throws Exception {
        DataStoreTls.assumeTlsServers();
        Path serverCa = TestInfrastructure.datastoreCa().orElseThrow();
        Matcher server = Pattern.compile("jdbc:mariadb://([^:/]+)(?::(\\d+))?").matcher(System.getenv("PAYCLOUD_TEST_DB_URL"));
        assertThat(server.lookingAt()).as("PAYCLOUD_TEST_DB_URL").isTrue();
        // the certificate names localhost (bin/datastores-tls); Connector/J checks the host against it
        String host = server.group(1).equals("127.0.0.1") ? "localhost" : server.group(1);
        String base = "jdbc:mysql://" + host + ":" + (server.group(2) == null ? "3306" : server.group(2)) + "/?";
        String user = System.getenv().getOrDefault("PAYCLOUD_TEST_DB_USER", "root");
        String password = System.getenv().getOrDefault("PAYCLOUD_TEST_DB_PASSWORD", "");

        MockEnvironment right = environment("sslMode=VERIFY_IDENTITY&serverSslCert=" + serverCa, serverCa);
        new DatastoreTrustStore().postProcessEnvironment(right, null);
        try (Connection c = DriverManager.getConnection(base + right.getProperty(DatastoreTrustStore.JDBC_TLS), user, password);
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(c.getMetaData().getDriverName()).startsWith("MySQL Connector/J");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).as("the connection's cipher, as the server sees it").isNotBlank();
        }

        Path otherCa = certificateAuthority(tmp.resolve("other"));
        MockEnvironment wrong = environment("sslMode=VERIFY_IDENTITY&serverSslCert=" + otherCa, otherCa);
        new DatastoreTrustStore().postProcessEnvironment(wrong, null);
        assertThatThrownBy(() -> DriverManager.getConnection(base + wrong.getProperty(DatastoreTrustStore.JDBC_TLS), user, password)
                .close()).as("a server certificate of another CA").isInstanceOf(SQLException.class);
    }
}
