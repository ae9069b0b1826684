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

    /**
     * Made in one millisecond, or after the clock stepped back, ids still sort in the order they were
     * made (a list ordered by id is newest first), keep the latest millisecond seen, and differ in more
     * than a counter's last bit.
     */
    @Test
    void idsMadeWithinAMillisecondOrAfterTheClockSteppedBackStillSortInTheOrderMade() {
        long now = System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add("pay_" + Ids.ulid(now));
        }
        ids.add("pay_" + Ids.ulid(now - 5_000));
        ids.add("pay_" + Ids.ulid(now - 5_000));
        ids.add("pay_" + Ids.ulid(now + 1));
        assertThat(ids).isSorted().doesNotHaveDuplicates().allSatisfy(id -> assertThat(Ids.isValid(id, "pay")).isTrue());
        assertThat(ids.subList(0, 1_002)).allSatisfy(id -> assertThat(Ids.timestampOf(id)).isEqualTo(now));
        assertThat(Ids.timestampOf(ids.get(1_002))).isEqualTo(now + 1);
        // the steps are random: consecutive ids do not differ by one
        long ones = 0;
        for (int i = 1; i < 1_000; i++) {
            String a = ids.get(i - 1);
            String b = ids.get(i);
            if (a.substring(0, a.length() - 1).equals(b.substring(0, b.length() - 1))
                    && b.charAt(b.length() - 1) - a.charAt(a.length() - 1) == 1) {
                ones++;
            }
        }
        assertThat(ones).isLessThan(10);
    }

    @Test
    void idsAreUniqueUnderLoad() {
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(Ids.newId("tr"))).isTrue();
        }
    }
}
