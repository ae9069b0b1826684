package io.paycloud.common.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Works out {@link TestTimes}' factor when the test run opens, before any test loads the machine: measured
 * lazily, the calibration ran beside a test's own eight busy threads once and read 6.5 instead of about 1.
 * Registered for the JUnit Platform launcher through {@code META-INF/services} in this test-jar.
 */
public final class TestTimesCalibration implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TestTimes.factor();
    }
}
