package io.paycloud.common.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class TestInfrastructureTest {

    @Test
    void databaseIsTheNamedServerWhenTheEnvironmentNamesOne() throws Exception {
        TestInfrastructure.Database db = TestInfrastructure.database("common_probe");
        boolean named = System.getenv("PAYCLOUD_TEST_DB_URL") != null;
        assertThat(db.isMySqlFamily()).isEqualTo(named || db.kind().startsWith("MySQL"));
        try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY, amount BIGINT NOT NULL)");
            s.execute("INSERT INTO probe VALUES (1, 99999999999)");
            try (ResultSet rs = s.executeQuery("SELECT amount FROM probe WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(99_999_999_999L);
            }
        }
        // the same name gives the same database within one JVM
        assertThat(TestInfrastructure.database("common_probe")).isSameAs(db);
    }

    @Test
    void redisAnswersPing() throws Exception {
        TestInfrastructure.RedisEndpoint redis = TestInfrastructure.redis();
        try (Socket socket = redis.tls()
                // over TLS, the server verified against the tests' CA (host name included)
                ? org.springframework.boot.ssl.SslBundle.of(new org.springframework.boot.ssl.pem.PemSslStoreBundle(null,
                        org.springframework.boot.ssl.pem.PemSslStoreDetails.forCertificate("file:" + redis.ca())))
                        .createSslContext().getSocketFactory().createSocket(redis.host(), redis.port())
                : new Socket(redis.host(), redis.port())) {
            if (socket instanceof javax.net.ssl.SSLSocket tls) {
                javax.net.ssl.SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
            }
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[7];
            int n = socket.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("+PONG");
        }
    }
}
