package io.paycloud.common.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsCarryTheirPrefixAndValidate() {
        String id = Ids.newId("pay");
        assertThat(id).startsWith("pay_").hasSize(4 + 26);
        assertThat(Ids.isValid(id, "pay")).isTrue();
        assertThat(Ids.isValid(id, "re")).isFalse();
        assertThat(Ids.isValid("pay_123", "pay")).isFalse();
        assertThat(Ids.isValid("pay_" + "I".repeat(26), "pay")).isFalse();
        assertThat(Ids.isValid(null, "pay")).isFalse();
    }

    @Test
    void idsSortByCreationTime() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Ids.newId("evt"));
            Thread.sleep(2);
        }
        assertThat(ids).isSorted();
        long t = Ids.timestampOf(ids.get(0));
        assertThat(t).isBetween(System.currentTimeMillis() - 10_000, System.currentTimeMillis());
    }

    @Test
    void idsAreUniqueUnderLoad() {
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(Ids.newId("tr"))).isTrue();
        }
    }
}
