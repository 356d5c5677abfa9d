package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The build runs these tests twice, on JUnit 5 and on JUnit 6 (module d1-export-junit-jupiter6-tests); this checks
 * that each run really uses the JUnit it claims to, API and engine alike.
 */
class JupiterVersionTest {

    @Test
    void runsOnTheExpectedJupiterMajorVersion() {
        String expected = System.getProperty("d1.test.expected-jupiter-major");
        org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "run outside the Maven build");

        assertThat(versionOf(org.junit.jupiter.api.Test.class)).startsWith(expected + ".");
        assertThat(versionOf(org.junit.platform.testkit.engine.EngineTestKit.class))
                .startsWith(expected.equals("5") ? "1." : expected + ".");
        assertThat(versionOf(org.junit.platform.engine.TestEngine.class))
                .startsWith(expected.equals("5") ? "1." : expected + ".");
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        assertThat(version).as("Implementation-Version of " + type.getName()).isNotNull();
        return version;
    }
}
