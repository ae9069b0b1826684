package io.paycloud.common.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;

/**
 * Checks, from a service's own connections, that its database and Redis traffic is encrypted: the
 * server's view of the connection, not the client's configuration, so a URL that silently falls back
 * to plain text fails. Runs where the test servers speak TLS ({@code PAYCLOUD_TEST_DATASTORE_CA}, as
 * .ci/run sets it); elsewhere the calling test is skipped, and .ci/required-tests refuses that in CI.
 */
public final class DataStoreTls {

    private DataStoreTls() {
    }

    /** Skips the calling test unless the test servers speak TLS. */
    public static void assumeTlsServers() {
        Assumptions.assumeTrue(TestInfrastructure.datastoreCa().isPresent(),
                "the test servers speak TLS only with PAYCLOUD_TEST_DATASTORE_CA (bin/datastores-tls, .ci/run)");
    }

    /** A connection of the service's own pool is TLS 1.2 or 1.3, as the server reports it. */
    public static void assertEncrypted(DataSource dataSource) throws SQLException {
        Map<String, String> status = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher')")) {
            while (rs.next()) {
                status.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(status.get("Ssl_cipher")).as("the database connection's cipher (%s)", status).isNotBlank();
        assertThat(status.get("Ssl_version")).as("the database connection's protocol (%s)", status)
                .isIn("TLSv1.2", "TLSv1.3");
    }

    /**
     * The service's Redis connection, as the server lists it ({@code CLIENT INFO}), arrived at the
     * server's TLS port ({@code CONFIG GET tls-port}), which is not a plain port.
     */
    public static void assertRedisEncrypted(Object clientInfoReply, String tlsPort, String plainPort) {
        String clientInfo = clientInfoReply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : String.valueOf(clientInfoReply);
        String laddr = field(clientInfo, "laddr");
        assertThat(tlsPort).as("the Redis server's tls-port").isNotBlank().isNotEqualTo("0");
        assertThat(laddr).as("the server side of the Redis connection (CLIENT INFO: %s)", clientInfo)
                .endsWith(":" + tlsPort);
        assertThat(plainPort).as("the Redis server's plain port").isNotEqualTo(tlsPort);
    }

    private static String field(String clientInfo, String name) {
        for (String part : clientInfo.trim().split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError("CLIENT INFO has no " + name + ": " + clientInfo);
    }
}
