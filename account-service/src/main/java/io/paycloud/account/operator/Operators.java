package io.paycloud.account.operator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.time.Times;

/**
 * The operators and their roles. An operator's secret is shown once, when it is made; only its hash
 * (Spring Security's delegating encoder, bcrypt today) is stored, and the issuer checks it.
 */
@Service
public class Operators {

    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Operator(String username, Set<OperatorRole> roles, String secretHash, boolean enabled, String createdBy,
            Instant createdAt) {
    }

    public record Created(Operator operator, String secret) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final Set<String> browserClients;

    Operators(JdbcClient jdbc, PasswordEncoder operatorSecrets, Clock clock, OperatorProperties properties) {
        this.jdbc = jdbc;
        this.encoder = operatorSecrets;
        this.clock = clock;
        this.browserClients = Set.of(properties.console().clientId(), properties.dashboard().clientId());
    }

    public Optional<Operator> find(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT username, roles, secret_hash, enabled, created_by, created_at FROM operator WHERE username = ?")
                .param(username).query(Operators::row).optional();
    }

    public Operator require(String username) {
        return find(username).orElseThrow(() -> ApiException.notFound("operator", username));
    }

    public List<Operator> list() {
        return jdbc.sql("SELECT username, roles, secret_hash, enabled, created_by, created_at FROM operator ORDER BY created_at DESC")
                .query(Operators::row).list();
    }

    /** A new operator without roles (granting one is a separate, four-eyes step) and its first secret. */
    public Created create(String username, String createdBy) {
        return create(username, Set.of(), createdBy, newSecret());
    }

    Created create(String username, Set<OperatorRole> roles, String createdBy, String secret) {
        if (username == null) {
            throw ApiException.missing("username");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw ApiException.invalid("username", "A username is 2 to 64 characters: lower-case letters, digits, '.', '_' "
                    + "and '-', starting with a letter.");
        }
        if (browserClients.contains(username)) {
            // operators are the issuer's clients too, under their names: the browser clients' ids are taken
            throw new ApiException(ErrorCode.CONFLICT, "username", "'" + username + "' is reserved.");
        }
        Instant now = clock.instant();
        Operator operator = new Operator(username, EnumSet.copyOf(with(roles)), encoder.encode(secret), true, createdBy, now);
        try {
            jdbc.sql("INSERT INTO operator (username, roles, secret_hash, enabled, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(username, column(operator.roles()), operator.secretHash(), true, createdBy, Times.toDb(now)).update();
        } catch (DuplicateKeyException e) {
            throw new ApiException(ErrorCode.CONFLICT, "username",
                    "An operator named '" + username + "' exists.");
        }
        return new Created(operator, secret);
    }

    /** A fresh secret for {@code username}; the old one stops working at once. */
    public String rotateSecret(String username) {
        require(username);
        String secret = newSecret();
        jdbc.sql("UPDATE operator SET secret_hash = ? WHERE username = ?").params(encoder.encode(secret), username).update();
        return secret;
    }

    public Operator grant(String username, OperatorRole role) {
        Operator operator = require(username);
        Set<OperatorRole> roles = with(operator.roles());
        roles.add(role);
        jdbc.sql("UPDATE operator SET roles = ? WHERE username = ?").params(column(roles), username).update();
        return require(username);
    }

    public Operator revoke(String username, OperatorRole role) {
        Operator operator = require(username);
        Set<OperatorRole> roles = with(operator.roles());
        roles.remove(role);
        jdbc.sql("UPDATE operator SET roles = ? WHERE username = ?").params(column(roles), username).update();
        return require(username);
    }

    public Operator setEnabled(String username, boolean enabled) {
        require(username);
        jdbc.sql("UPDATE operator SET enabled = ? WHERE username = ?").params(enabled, username).update();
        return require(username);
    }

    /** Failed browser sign-ins in a row that lock an operator's sign-in (PCI DSS 8.3.4: at most ten). */
    static final int SIGN_IN_ATTEMPTS = 10;
    /** How long a locked sign-in stays locked (PCI DSS 8.3.4: at least 30 minutes). */
    static final java.time.Duration SIGN_IN_LOCK = java.time.Duration.ofMinutes(30);

    /** Whether {@code username}'s browser sign-in is locked now, after too many failures in a row. */
    public boolean signInLocked(String username) {
        return jdbc.sql("SELECT sign_in_locked_until FROM operator WHERE username = ?").param(username)
                .query((rs, n) -> rs.getObject(1, java.time.LocalDateTime.class)).optional()
                .filter(java.util.Objects::nonNull)
                .map(until -> Times.fromDb(until).isAfter(clock.instant())).orElse(false);
    }

    /** A failed browser sign-in of {@code username}; the {@link #SIGN_IN_ATTEMPTS}th in a row locks it. */
    public void signInFailed(String username) {
        jdbc.sql("UPDATE operator SET failed_sign_ins = failed_sign_ins + 1 WHERE username = ?").param(username).update();
        jdbc.sql("UPDATE operator SET sign_in_locked_until = ?, failed_sign_ins = 0 WHERE username = ? AND failed_sign_ins >= ?")
                .params(Times.toDb(clock.instant().plus(SIGN_IN_LOCK)), username, SIGN_IN_ATTEMPTS).update();
    }

    /** A browser sign-in of {@code username} that succeeded: the count of failures starts again. */
    public void signedIn(String username) {
        jdbc.sql("UPDATE operator SET failed_sign_ins = 0 WHERE username = ? AND failed_sign_ins <> 0").param(username).update();
    }

    /** How many enabled operators hold {@code role}. */
    public long holding(OperatorRole role) {
        // roles is a comma-separated list of names that contain no comma
        return jdbc.sql("SELECT COUNT(*) FROM operator WHERE enabled = TRUE AND CONCAT(',', roles, ',') LIKE ?")
                .param("%," + role.wire() + ",%").query(Long.class).single();
    }

    public boolean none() {
        return jdbc.sql("SELECT COUNT(*) FROM operator").query(Long.class).single() == 0;
    }

    private static Set<OperatorRole> with(Set<OperatorRole> roles) {
        return roles.isEmpty() ? EnumSet.noneOf(OperatorRole.class) : EnumSet.copyOf(roles);
    }

    private static String column(Set<OperatorRole> roles) {
        return String.join(",", OperatorRole.wire(roles));
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "opsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Operator row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        String roles = rs.getString("roles");
        return new Operator(rs.getString("username"),
                OperatorRole.ofWire(roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","))),
                rs.getString("secret_hash"), rs.getBoolean("enabled"), rs.getString("created_by"),
                Times.fromDb(rs.getObject("created_at", java.time.LocalDateTime.class)));
    }
}
