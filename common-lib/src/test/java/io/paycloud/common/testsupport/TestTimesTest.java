package io.paycloud.common.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TestTimesTest {

    @Test
    void aCalibratedFactorIsNeverBelowOneNorAboveTheCap() {
        assertThat(TestTimes.clamp(0.4)).isEqualTo(1.0);
        assertThat(TestTimes.clamp(7.2)).isEqualTo(7.2);
        assertThat(TestTimes.clamp(40)).isEqualTo(TestTimes.MAX_CALIBRATED);
    }

    @Test
    void aGivenFactorIsAPositiveNumberOrAFailure() {
        assertThat(TestTimes.given(" 7 ", "test")).isEqualTo(7.0);
        assertThat(TestTimes.given("0.5", "test")).isEqualTo(0.5);
        for (String wrong : new String[] {"seven", "0", "-2", "NaN", "Infinity"}) {
            assertThatThrownBy(() -> TestTimes.given(wrong, "test")).as(wrong).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("positive number");
        }
    }

    @Test
    void theCalibrationTimesTheWorkload() {
        assertThat(TestTimes.calibrate()).isPositive();
        assertThat(TestTimes.workload()).isEqualTo(TestTimes.workload());
    }

    @Test
    void boundsAreMultipliedByTheFactor() {
        double f = TestTimes.factor();
        assertThat(TestTimes.factor()).isEqualTo(f);
        assertThat(TestTimes.scaled(Duration.ofMillis(800))).isEqualTo(Duration.ofNanos(Math.round(800_000_000L * f)));
        assertThat(TestTimes.scaledMillis(1_500)).isEqualTo(Math.round(1_500 * f));
        assertThat(TestTimes.property(Duration.ofMillis(800))).isEqualTo(TestTimes.scaled(Duration.ofMillis(800)).toMillis() + "ms");
    }
}
