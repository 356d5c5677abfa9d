package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider options set as {@code D1_SNAPSHOT_PROPERTY_} environment variables, for real: a JVM cannot change its own
 * environment, so each run is a child JVM (this test class path) given the variables, which runs a test class with
 * the Jupiter engine and prints how each test and container ended.
 */
class EnvironmentVariablesTest {

    @TempDir
    Path dir;

    /** Needs the fixture's {@code api-token}: it succeeds only when the token reaches the provider. */
    @D1Snapshot(url = EngineRun.SHOP + "?auth=required", tables = "orders")
    static class NeedsToken {
        @Test
        void exports(@D1Snapshot Path sql) {
            assertThat(sql).isNotEmptyFile();
        }
    }

    @Test
    void aCorrectlySpeltVariableReachesTheProvider() throws Exception {
        List<String> outcome = run(Map.of("D1_SNAPSHOT_PROPERTY_API_TOKEN", "env-token"));

        assertThat(outcome).contains("SUCCESSFUL exports(Path): -").noneMatch(line -> !line.startsWith("SUCCESSFUL"));
    }

    /**
     * A CI job that is not given its secret (a pull request from a fork) sets the variable empty: that is no
     * credentials, so the test is skipped saying what to set, as with the cloudflare provider.
     */
    @Test
    void anEmptyVariableIsNoTokenSoTheTestIsSkipped() throws Exception {
        List<String> outcome = run(Map.of("D1_SNAPSHOT_PROPERTY_API_TOKEN", ""));

        assertThat(outcome).anySatisfy(line -> assertThat(line).startsWith("ABORTED exports(Path): ")
                .contains("needs credentials", "D1_SNAPSHOT_PROPERTY_API_TOKEN"));
    }

    @Test
    void aVariableWithAMisspeltLetterFailsTheClassNamingTheVariableMeant() throws Exception {
        List<String> outcome = run(Map.of("D1_SNAPSHOT_PROPERTY_API_TOKN", "env-token"));

        assertThat(outcome).contains(classFailedForSlip("D1_SNAPSHOT_PROPERTY_API_TOKN"));
        assertThat(String.join("\n", outcome)).as("the value is never shown").doesNotContain("env-token");
    }

    /**
     * Only Windows finds a variable whatever the case of its name: elsewhere the extension's look-up of
     * {@code D1_SNAPSHOT_PROPERTY_API_TOKEN} does not see {@code D1_SNAPSHOT_PROPERTY_Api_Token}, so the token would
     * be ignored and the test skipped for missing credentials.
     */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows finds a variable whatever the case of its name, so"
            + " there the variable is the option itself")
    void aVariableInAnotherCaseIsASlipWhereTheEnvironmentTellsCases() throws Exception {
        List<String> outcome = run(Map.of("D1_SNAPSHOT_PROPERTY_Api_Token", "env-token"));

        assertThat(outcome).contains(classFailedForSlip("D1_SNAPSHOT_PROPERTY_Api_Token"));
    }

    /** The outcome line of {@link NeedsToken} failed for a variable that is a slip of the token's. */
    private static String classFailedForSlip(String variable) {
        return "FAILED EnvironmentVariablesTest$NeedsToken: org.junit.jupiter.api.extension."
                + "ExtensionConfigurationException: Environment variable '" + variable + "' is not an"
                + " option of any provider found, so it would be ignored; did you mean"
                + " 'D1_SNAPSHOT_PROPERTY_API_TOKEN'?";
    }

    /** Runs {@link NeedsToken} in a child JVM with these variables and no other D1_SNAPSHOT_ ones. */
    private List<String> run(Map<String, String> variables) throws IOException, InterruptedException {
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.d1export.junitmain.EngineRunMain", NeedsToken.class.getName(),
                dir.resolve("snapshots").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.toUpperCase(Locale.ROOT).startsWith("D1_"));
        builder.environment().putAll(variables);
        Process child = builder.start();
        try {
            // Generous: the child starts a JVM and runs the engine on a machine that may be busy with other builds.
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child ended; its output:%n%s", read(log))
                    .isTrue();
            assertThat(child.exitValue()).as("the child's exit status; its output:%n%s", read(log)).isZero();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        return read(log).lines().toList();
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
