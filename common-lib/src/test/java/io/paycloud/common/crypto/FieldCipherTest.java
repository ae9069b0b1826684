package io.paycloud.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class FieldCipherTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String OTHER_KEY = key("another key of thirty-two bytes!");
    static final String DEV_KEY = key("a published development key 32b!");

    final FieldCipher cipher = cipher(KEY, new MockEnvironment());

    static String key(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    static FieldCipher cipher(String key, MockEnvironment environment) {
        return FieldCipher.fromSetting(key, "paycloud.test.encryption-key", "TEST_ENCRYPTION_KEY", DEV_KEY, environment);
    }

    @Test
    void aValueRoundTripsAndNeverAppearsInItsSealedForm() {
        String sealed = cipher.seal("whsec_c2VjcmV0", "we_1");

        assertThat(sealed).startsWith("v1:").doesNotContain("whsec_").doesNotContain("c2VjcmV0");
        assertThat(FieldCipher.isSealed(sealed)).isTrue();
        assertThat(FieldCipher.isSealed("whsec_c2VjcmV0")).isFalse();
        assertThat(cipher.open(sealed, "we_1")).isEqualTo("whsec_c2VjcmV0");
    }

    @Test
    void theSameValueSealsDifferentlyEachTime() {
        assertThat(cipher.seal("x", "we_1")).isNotEqualTo(cipher.seal("x", "we_1"));
    }

    @Test
    void anotherRowAnotherKeyOrAnyChangedByteDoesNotOpen() {
        String sealed = cipher.seal("whsec_c2VjcmV0", "we_1");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));

        assertThatThrownBy(() -> cipher.open(sealed, "we_2")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher(OTHER_KEY, new MockEnvironment()).open(sealed, "we_1"))
                .isInstanceOf(IllegalStateException.class);
        for (int i = 0; i < raw.length; i++) {
            byte[] changed = raw.clone();
            changed[i] ^= 1;
            String altered = "v1:" + Base64.getEncoder().encodeToString(changed);
            assertThatThrownBy(() -> cipher.open(altered, "we_1")).as("byte %d changed", i).isInstanceOf(IllegalStateException.class);
        }
        for (String junk : new String[] {"v1:", "v1:AAAA", "v1:not base64!", "whsec_c2VjcmV0", "v2:" + sealed.substring(3)}) {
            assertThatThrownBy(() -> cipher.open(junk, "we_1")).as(junk).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aMissingMalformedOrShortKeyIsRefusedAndTheDevelopmentKeyOutsideDevelopment() {
        for (String missing : new String[] {null, "", " ", "${TEST_ENCRYPTION_KEY}"}) {
            assertThatThrownBy(() -> cipher(missing, new MockEnvironment())).as(String.valueOf(missing))
                    .hasMessageContaining("TEST_ENCRYPTION_KEY");
        }
        assertThatThrownBy(() -> cipher("not base64!", new MockEnvironment())).hasMessageContaining("base64");
        assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16]), new MockEnvironment()))
                .hasMessageContaining("32 bytes");
        for (String profile : new String[] {"mysql", "docker", "k8s"}) {
            MockEnvironment deployed = new MockEnvironment();
            deployed.setActiveProfiles(profile);
            assertThatThrownBy(() -> cipher(DEV_KEY, deployed)).as(profile).hasMessageContaining("TEST_ENCRYPTION_KEY");
            assertThat(cipher(KEY, deployed).open(cipher.seal("v", "r"), "r")).isEqualTo("v");
        }
        MockEnvironment embedded = new MockEnvironment();
        embedded.setActiveProfiles("embedded");
        assertThat(cipher(DEV_KEY, embedded).open(cipher(DEV_KEY, embedded).seal("v", "r"), "r")).isEqualTo("v");
    }
}
