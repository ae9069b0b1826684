package io.paycloud.common.security;

import java.util.Map;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The machine credentials (monitoring, registry): long random secrets that a machine sends with Basic on
 * every scrape, poll or registry call. Each is kept as bcrypt at its lowest cost and checked at that cost
 * only. Spring Security's default encoder would "upgrade" such a hash to cost 10 at its first use (the
 * in-memory user store takes upgrades), so every later check would pay a cost-10 bcrypt, tens of
 * milliseconds of CPU per scrape, for a strength a 192-bit random secret does not need. (The registry,
 * which does not use common-lib, checks its credentials the same way in its own configuration.)
 */
public final class MachineCredentials {

    private static final String BCRYPT = "bcrypt";
    private static final PasswordEncoder ENCODER = new DelegatingPasswordEncoder(BCRYPT,
            Map.of(BCRYPT, new BCryptPasswordEncoder(4)));

    private MachineCredentials() {
    }

    /** The encoder of machine credentials: bcrypt at cost 4, which never asks for an upgrade of its own hashes. */
    public static PasswordEncoder encoder() {
        return ENCODER;
    }

    /** One machine user with {@code role}, its secret kept as {@link #encoder()} encodes it. */
    public static UserDetailsService users(String username, String password, String role) {
        return new InMemoryUserDetailsManager(User.withUsername(username).password(ENCODER.encode(password)).roles(role).build());
    }

    /** Checks Basic credentials against {@code users} with {@link #encoder()}, storing nothing back. */
    public static AuthenticationManager authenticationManager(UserDetailsService users) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(ENCODER);
        return new ProviderManager(provider);
    }
}
