package io.paycloud.account.operator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import io.paycloud.account.audit.AuditEntry;
import io.paycloud.account.audit.AuditTrail;
import io.paycloud.common.identity.OperatorRole;
import jakarta.servlet.http.HttpServletRequest;

/**
 * An operator signing in at the issuer's form ({@link SignInPage}): their username and secret, the
 * same secret a script uses for client credentials, checked against its delegating-encoder hash, and
 * a one-time code ({@link SecondFactors}) when one of their roles requires it. Ten wrong secrets or
 * codes in a row lock the operator's sign-in for 30 minutes ({@link Operators#signInFailed}). A
 * disabled or unknown operator and a wrong secret get the same answer, after the same work (an
 * unknown name is checked against a dummy hash), and a failed attempt is an audit event. The result
 * holds only standard types (a name and authorities): the authorization it ends up in is stored.
 * Made by {@link OperatorIssuer#signIn} for its chain alone, never a bean.
 */
class OperatorAuthentication implements AuthenticationProvider {

    private final Operators operators;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    /** The authority of a TOTP code presented at the sign-in. */
    static final String TOTP = "FACTOR_TOTP";

    private final String unknown;
    private final Clock clock;
    private final OperatorProperties properties;
    private final SecondFactors secondFactors;

    OperatorAuthentication(Operators operators, PasswordEncoder operatorSecrets, AuditTrail audit, Clock clock,
            OperatorProperties properties, SecondFactors secondFactors) {
        this.operators = operators;
        this.clock = clock;
        this.properties = properties;
        this.secondFactors = secondFactors;
        this.encoder = operatorSecrets;
        this.audit = audit;
        this.unknown = operatorSecrets.encode(Operators.newSecret());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String secret = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        if (username == null || username.length() > 64 || secret.isEmpty() || secret.length() > 200) {
            throw new BadCredentialsException("Bad credentials");
        }
        Operators.Operator operator = operators.find(username).orElse(null);
        if (operator != null && operators.signInLocked(username)) {
            // too many failures in a row: not even the right secret and code sign in until the lock ends
            encoder.matches(secret, unknown);
            refused(username, "locked");
            throw new BadCredentialsException("Bad credentials");
        }
        boolean matches = encoder.matches(secret, operator == null ? unknown : operator.secretHash());
        if (operator == null || !matches || !operator.enabled()) {
            if (operator != null) {
                refused(username, operator.enabled() ? "bad_secret" : "disabled");
                if (operator.enabled()) {
                    operators.signInFailed(username);
                }
            }
            throw new BadCredentialsException("Bad credentials");
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        // the factors and when they were presented: the ID token's auth_time and amr
        authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                .issuedAt(clock.instant()).build());
        if (properties.needsSecondFactor(operator.roles())) {
            String code = authentication.getDetails() instanceof SignInDetails details ? details.code() : null;
            if (!secondFactors.enrolled(username)) {
                refused(username, "second_factor_not_enrolled");
                throw new BadCredentialsException("Bad credentials");
            }
            if (!secondFactors.accept(username, code)) {
                refused(username, "bad_code");
                operators.signInFailed(username);
                throw new BadCredentialsException("Bad credentials");
            }
            authorities.add(FactorGrantedAuthority.withAuthority(TOTP).issuedAt(clock.instant()).build());
        }
        operators.signedIn(username);
        OperatorRole.wire(operator.roles()).forEach(role -> authorities.add(new SimpleGrantedAuthority("OPERATOR_" + role)));
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(operator.username(),
                null, authorities);
        // standard details only: the authorization this ends up in is stored, and read back with an allow-list
        result.setDetails(authentication.getDetails() instanceof WebAuthenticationDetails web
                ? new WebAuthenticationDetails(web.getRemoteAddress(), web.getSessionId()) : null);
        return result;
    }

    private void refused(String username, String why) {
        audit.append(new AuditEntry(null, username, List.of(), "operator.sign_in_failed", username, null, why, null, null));
    }

    /** The sign-in form's details: the request's, and the one-time code typed with the secret. */
    static final class SignInDetails extends WebAuthenticationDetails {

        private final transient String code;

        SignInDetails(HttpServletRequest request) {
            super(request);
            String value = request.getParameter("code");
            this.code = value == null ? null : value.strip();
        }

        String code() {
            return code;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
