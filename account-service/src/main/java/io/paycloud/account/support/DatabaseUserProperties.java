package io.paycloud.account.support;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who owns the schema and who uses it ({@code paycloud.database.*}).
 *
 * @param runtimeUser the MySQL user the application's DataSource signs in as, when the schema owner that
 *        runs Flyway ({@code spring.flyway.user}) is another: after every migration the owner grants it
 *        what it may do table by table ({@link RuntimeUserGrants}). Unset (the embedded and mysql
 *        profiles, the tests), one user does both and nothing is granted.
 * @param runtimeUserHost the host part of that account ({@code 'accounts'@'%'})
 */
@Validated
@ConfigurationProperties("paycloud.database")
record DatabaseUserProperties(
        // a plain name: it is written into GRANT statements (quoted as well)
        @Pattern(regexp = "[A-Za-z0-9_.-]{1,80}") String runtimeUser,
        @Pattern(regexp = "[A-Za-z0-9_.%:-]{1,255}") @DefaultValue("%") String runtimeUserHost) {
}
