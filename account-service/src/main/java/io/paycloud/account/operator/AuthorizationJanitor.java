package io.paycloud.account.operator;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.paycloud.common.time.Times;

/**
 * Forgets the browser sign-ins' authorizations (codes and the tokens they were exchanged for) an
 * hour after they expired: nothing looks them up after that. Any replica may run it; a delete that
 * finds nothing is harmless.
 */
@Component
class AuthorizationJanitor {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationJanitor.class);
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final Clock clock;

    AuthorizationJanitor(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "10m", initialDelayString = "1m")
    void run() {
        forgetExpired();
    }

    int forgetExpired() {
        int forgotten = jdbc.sql("DELETE FROM oauth2_authorization WHERE COALESCE(access_token_expires_at, "
                + "authorization_code_expires_at) < ?")
                .param(Times.toDb(clock.instant().minus(KEPT_AFTER_EXPIRY))).update();
        if (forgotten > 0) {
            log.debug("Forgot {} expired operator authorizations", forgotten);
        }
        return forgotten;
    }
}
