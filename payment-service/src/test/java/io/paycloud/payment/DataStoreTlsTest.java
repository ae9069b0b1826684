package io.paycloud.payment;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.paycloud.common.testsupport.DataStoreTls;

/**
 * The service's own database connections are encrypted, as the server sees them (docs/tls.md, "Data
 * stores"): MariaDB's {@code Ssl_cipher} of a pooled connection. Runs on the TLS servers .ci/run sets up;
 * skipped elsewhere, which CI refuses.
 */
class DataStoreTlsTest extends PaymentTestSupport {

    @Autowired
    DataSource dataSource;

    @Test
    void theDatabaseConnectionIsTls() throws Exception {
        DataStoreTls.assumeTlsServers();
        DataStoreTls.assertEncrypted(dataSource);
    }
}
