package io.paycloud.account;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.paycloud.common.testsupport.DataStoreTls;


/**
 * The service's own database and Redis connections are encrypted, as the servers see them (docs/tls.md,
 * "Data stores"): MariaDB's {@code Ssl_cipher} of a pooled connection, Redis's {@code CLIENT INFO} of the
 * shared Lettuce connection. Runs on the TLS servers .ci/run sets up; skipped elsewhere, which CI refuses.
 */
class DataStoreTlsTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    RedisConnectionFactory redis;

    @Test
    void theDatabaseConnectionIsTls() throws Exception {
        DataStoreTls.assumeTlsServers();
        DataStoreTls.assertEncrypted(dataSource);
    }

    @Test
    void theRedisConnectionIsTls() {
        DataStoreTls.assumeTlsServers();
        try (RedisConnection c = redis.getConnection()) {
            Object info = c.execute("CLIENT", "INFO".getBytes());
            var config = c.serverCommands().getConfig("*port");
            DataStoreTls.assertRedisEncrypted(info, config.getProperty("tls-port"), config.getProperty("port"));
        }
    }
}
