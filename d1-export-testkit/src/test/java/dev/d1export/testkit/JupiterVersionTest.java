package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The build runs these tests three times: on the JUnit 5 the testkit is built against, on JUnit 6 (module
 * d1-export-testkit-jupiter6-tests) and on JUnit 5.10, the oldest it supports (d1-export-testkit-jupiter510-tests);
 * this checks that each run really uses the JUnit it claims to, API and engine alike.
 */
class JupiterVersionTest {

    @Test
    void runsOnTheExpectedJupiterVersion() throws ClassNotFoundException {
        // The JUnit version the module's POM asks for, e.g. 5.14.1, 6.0.1 or 5.10.5.
        String expected = System.getProperty("d1.test.expected-jupiter-version");
        org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "run outside the Maven build");
        // JUnit 5's platform is numbered 1.x for Jupiter 5.x; JUnit 6 numbers both 6.x.
        String platform = expected.startsWith("5.") ? "1." + expected.substring(2) : expected;

        assertThat(versionOf(org.junit.jupiter.api.Test.class)).isEqualTo(expected);
        assertThat(versionOf(Class.forName("org.junit.jupiter.engine.JupiterTestEngine"))).isEqualTo(expected);
        assertThat(versionOf(org.junit.platform.testkit.engine.EngineTestKit.class)).isEqualTo(platform);
        assertThat(versionOf(org.junit.platform.engine.TestEngine.class)).isEqualTo(platform);
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        assertThat(version).as("Implementation-Version of " + type.getName()).isNotNull();
        return version;
    }
}
