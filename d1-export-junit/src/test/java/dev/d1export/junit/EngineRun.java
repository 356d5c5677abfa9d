package dev.d1export.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs test classes with the Jupiter engine, as a build would, with configuration parameters and a journal of the
 * fixture provider of its own.
 */
final class EngineRun {

    /** The fixture the snapshots export. */
    static final String SHOP = "d1:fixture:classpath:fixtures/shop.sql";

    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final String journal = "run-" + UUID.randomUUID();
    private boolean systemProperties;

    private EngineRun(Path dir) {
        parameters.put(D1Snapshot.DIR_PROPERTY_NAME, dir.toString());
        parameters.put(D1Snapshot.URL_PROPERTY_NAME, SHOP + "?journal=" + journal);
    }

    /**
     * A run whose snapshot files go to a folder and whose default URL is the shop fixture with a fresh journal.
     *
     * @param dir the value of d1.snapshot.dir
     * @return the run
     */
    static EngineRun in(Path dir) {
        return new EngineRun(dir);
    }

    /** The journal name of the default URL. */
    String journal() {
        return journal;
    }

    /** Sets a configuration parameter (null removes it). */
    EngineRun with(String key, String value) {
        if (value == null) {
            parameters.remove(key);
        } else {
            parameters.put(key, value);
        }
        return this;
    }

    /**
     * Lets the run read system properties and {@code junit-platform.properties} as configuration parameters, as a
     * build's launcher does (the test kit leaves them out by default).
     */
    EngineRun withSystemProperties() {
        systemProperties = true;
        return this;
    }

    /** Runs the classes. */
    EngineExecutionResults run(Class<?>... classes) {
        ClassSelector[] selectors = new ClassSelector[classes.length];
        for (int i = 0; i < classes.length; i++) {
            selectors[i] = selectClass(classes[i]);
        }
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(parameters)
                .enableImplicitConfigurationParameters(systemProperties)
                .selectors(selectors)
                .execute();
    }

    /**
     * Asserts that every test of a run started and succeeded, showing the failures otherwise.
     *
     * @param results the run's results
     * @param tests   how many tests it has
     */
    static void assertAllSucceeded(EngineExecutionResults results, int tests) {
        StringBuilder problems = new StringBuilder();
        results.allEvents().failed().stream().forEach(event -> problems.append('\n').append(event.getTestDescriptor()
                .getDisplayName()).append(": ").append(event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::toString).orElse("?")));
        results.allEvents().aborted().stream().forEach(event -> problems.append("\naborted ")
                .append(event.getTestDescriptor().getDisplayName()));
        org.assertj.core.api.Assertions.assertThat(problems.toString()).as("failures").isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(tests).succeeded(tests));
    }

    /**
     * The throwables of every failed test or container, in order.
     *
     * @param results the run's results
     * @return the failures
     */
    static java.util.List<Throwable> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .orElseThrow())
                .toList();
    }

    /**
     * The one failure of a run.
     *
     * @param results the run's results
     * @return the throwable
     */
    static Throwable onlyFailure(EngineExecutionResults results) {
        java.util.List<Throwable> failures = failures(results);
        org.assertj.core.api.Assertions.assertThat(failures).hasSize(1);
        return failures.get(0);
    }

    /**
     * The reasons of every aborted test or container, in order.
     *
     * @param results the run's results
     * @return the abort reasons
     */
    static java.util.List<Throwable> aborts(EngineExecutionResults results) {
        return results.allEvents().aborted().stream()
                .map(event -> event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .orElseThrow())
                .toList();
    }

    /** The fixture's text. */
    static String shopSql() {
        try (InputStream in = EngineRun.class.getClassLoader().getResourceAsStream("fixtures/shop.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
