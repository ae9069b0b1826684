package io.paycloud.account.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class IdNumberCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private final IdNumberCipher cipher = new IdNumberCipher(new KycProperties(KEY), new MockEnvironment());

    /** The cipher itself is common-lib's FieldCipherTest; here: an id number is bound to its customer. */
    @Test
    void anIdNumberOpensForItsCustomerOnly() {
        String sealed = cipher.encrypt("11010519491231002X", "cus_1");

        assertThat(sealed).startsWith("v1:").doesNotContain("11010519491231002X");
        assertThat(cipher.decrypt(sealed, "cus_1")).isEqualTo("11010519491231002X");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "cus_2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theDevelopmentKeyIsRefusedOutsideEmbeddedAndTest() {
        MockEnvironment mysql = new MockEnvironment();
        mysql.setActiveProfiles("mysql");

        assertThatThrownBy(() -> new IdNumberCipher(new KycProperties(IdNumberCipher.DEV_KEY), mysql))
                .hasMessageContaining("KYC_ENCRYPTION_KEY");
        assertThatThrownBy(() -> new IdNumberCipher(new KycProperties("${KYC_ENCRYPTION_KEY}"), mysql))
                .hasMessageContaining("KYC_ENCRYPTION_KEY");
        assertThatThrownBy(() -> new IdNumberCipher(new KycProperties(Base64.getEncoder().encodeToString(new byte[16])),
                new MockEnvironment())).hasMessageContaining("32 bytes");
    }
}
