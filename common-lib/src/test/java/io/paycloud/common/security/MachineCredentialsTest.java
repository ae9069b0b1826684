package io.paycloud.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

class MachineCredentialsTest {

    static final String SECRET = "3f1c0b6a9d2e47f88a5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d";

    @Test
    void aMachineSecretIsCheckedAtCostFourEveryTimeAndNeverUpgradedToACostlierHash() {
        UserDetailsService users = MachineCredentials.users("monitor", SECRET, "MONITORING");
        AuthenticationManager manager = MachineCredentials.authenticationManager(users);
        String stored = users.loadUserByUsername("monitor").getPassword();
        assertThat(stored).startsWith("{bcrypt}$2a$04$").doesNotContain(SECRET);

        for (int i = 0; i < 3; i++) {
            Authentication a = manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("monitor", SECRET));
            assertThat(a.isAuthenticated()).isTrue();
            assertThat(a.getAuthorities()).extracting(GrantedAuthority::getAuthority).contains("ROLE_MONITORING");
        }
        // Spring Security's default encoder would have stored a cost-10 hash after the first check
        assertThat(users.loadUserByUsername("monitor").getPassword()).isEqualTo(stored);
        assertThat(MachineCredentials.encoder().upgradeEncoding(stored)).isFalse();
    }

    /** What the monitoring chains did before: the first check stored a cost-10 hash, which every later check paid. */
    @Test
    void springsDefaultEncoderWithTheUserStoreUpgradesTheHashAtItsFirstCheck() {
        InMemoryUserDetailsManager users = (InMemoryUserDetailsManager) MachineCredentials.users("monitor", SECRET, "MONITORING");
        DaoAuthenticationProvider defaults = new DaoAuthenticationProvider(users);
        defaults.setUserDetailsPasswordService(users);
        new ProviderManager(defaults).authenticate(UsernamePasswordAuthenticationToken.unauthenticated("monitor", SECRET));
        assertThat(users.loadUserByUsername("monitor").getPassword()).startsWith("{bcrypt}$2a$10$");
    }

    @Test
    void aWrongSecretOrAnotherUserIsRefused() {
        AuthenticationManager manager = MachineCredentials.authenticationManager(MachineCredentials.users("monitor", SECRET, "MONITORING"));
        for (String[] wrong : new String[][] {{"monitor", SECRET + "x"}, {"monitor", ""}, {"monitor ", SECRET}, {"admin", SECRET}}) {
            assertThatThrownBy(() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(wrong[0], wrong[1])))
                    .as(String.join("/", wrong)).isInstanceOf(BadCredentialsException.class);
        }
    }
}
