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
import org.springframework.stereotype.Component;

import io.paycloud.account.audit.AuditEntry;
import io.paycloud.account.audit.AuditTrail;
import io.paycloud.common.identity.OperatorRole;

/**
 * An operator signing in at the issuer's form ({@link SignInPage}): their username and secret, the
 * same secret a script uses for client credentials, checked against its delegating-encoder hash. A
 * disabled or unknown operator and a wrong secret get the same answer, after the same work (an
 * unknown name is checked against a dummy hash), and a failed attempt is an audit event. The result
 * holds only standard types (a name and authorities): the authorization it ends up in is stored.
 */
@Component
class OperatorAuthentication implements AuthenticationProvider {

    private final Operators operators;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final String unknown;
    private final Clock clock;

    OperatorAuthentication(Operators operators, PasswordEncoder operatorSecrets, AuditTrail audit, Clock clock) {
        this.operators = operators;
        this.clock = clock;
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
        boolean matches = encoder.matches(secret, operator == null ? unknown : operator.secretHash());
        if (operator == null || !matches || !operator.enabled()) {
            if (operator != null) {
                audit.append(new AuditEntry(null, username, List.of(), "operator.sign_in_failed", username, null,
                        operator.enabled() ? "bad_secret" : "disabled", null, null));
            }
            throw new BadCredentialsException("Bad credentials");
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        // the factor and when it was presented: the ID token's auth_time
        authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                .issuedAt(clock.instant()).build());
        OperatorRole.wire(operator.roles()).forEach(role -> authorities.add(new SimpleGrantedAuthority("OPERATOR_" + role)));
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(operator.username(),
                null, authorities);
        result.setDetails(authentication.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
