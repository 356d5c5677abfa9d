package dev.d1export.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.d1export.bench.junit.PlainSuite;
import dev.d1export.bench.junit.SnapshotSuite;
import dev.d1export.junit.D1Snapshot;
import dev.d1export.testkit.FixtureJournal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Target 4: runs 50 classes x 10 tests sharing one {@code @D1Snapshot} (the {@code fixture} provider serving a SQL
 * file) in JUnit's parallel mode through the Launcher API, and the same suite without the extension, alternately in
 * one JVM after warm-up rounds. Prints one line of {@code key=value} pairs: the exports per run (the fixture
 * provider's journal; exactly one is expected) and the median wall time of each suite.
 *
 * <p>{@code java -cp d1-export-bench.jar dev.d1export.bench.JUnitOverheadMain <snapshot.sql> <work dir> <warm-up
 * rounds> <measured rounds>}
 */
public final class JUnitOverheadMain {

    private static final int TESTS_PER_RUN = 500;

    private JUnitOverheadMain() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the SQL file the fixture provider serves, a folder for snapshot files, warm-up and measured rounds
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: JUnitOverheadMain <snapshot.sql> <work dir> <warm-up rounds> <rounds>");
            System.exit(2);
        }
        Path sql = Path.of(args[0]).toAbsolutePath();
        Path dir = Path.of(args[1]).toAbsolutePath();
        int warmup = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Launcher launcher = LauncherFactory.create();
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        List<Integer> exports = new ArrayList<>();
        for (int round = 0; round < warmup + rounds; round++) {
            boolean measured = round >= warmup;
            // Alternate the order so neither suite always runs on a freshly collected heap.
            for (int i = 0; i < 2; i++) {
                boolean snapshotFirst = round % 2 == 0;
                if ((i == 0) == snapshotFirst) {
                    String journal = "bench-" + round;
                    FixtureJournal.named(journal).clear();
                    double ms = run(launcher, SnapshotSuite.CLASSES, sql, dir, journal);
                    int count = FixtureJournal.named(journal).count();
                    if (measured) {
                        with.add(ms);
                        exports.add(count);
                    }
                } else {
                    double ms = run(launcher, PlainSuite.CLASSES, sql, dir, "unused");
                    if (measured) {
                        without.add(ms);
                    }
                }
            }
        }
        double medianWith = median(with);
        double medianWithout = median(without);
        System.out.printf(Locale.ROOT, "rounds=%d tests_per_run=%d exports_per_run=%s with_ms=%.1f without_ms=%.1f"
                        + " added_ms_per_test=%.4f%n", rounds, TESTS_PER_RUN, joined(exports), medianWith,
                medianWithout, (medianWith - medianWithout) / TESTS_PER_RUN);
    }

    private static double run(Launcher launcher, List<Class<?>> classes, Path sql, Path dir, String journal) {
        List<ClassSelector> selectors = new ArrayList<>();
        for (Class<?> c : classes) {
            selectors.add(selectClass(c));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter(D1Snapshot.URL_PROPERTY_NAME, "d1:fixture:file:" + sql + "?journal=" + journal)
                .configurationParameter(D1Snapshot.DIR_PROPERTY_NAME, dir.toString())
                .configurationParameter(D1Snapshot.MISSING_CREDENTIALS_PROPERTY_NAME, "fail")
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(request, summary);
        double ms = (System.nanoTime() - start) / 1e6;
        TestExecutionSummary s = summary.getSummary();
        if (s.getTestsSucceededCount() != TESTS_PER_RUN || s.getTotalFailureCount() != 0) {
            StringBuilder why = new StringBuilder();
            s.getFailures().stream().limit(3).forEach(f -> why.append("\n  ").append(f.getTestIdentifier()
                    .getDisplayName()).append(": ").append(f.getException()));
            throw new IllegalStateException("The suite did not pass: " + s.getTestsSucceededCount() + " of "
                    + TESTS_PER_RUN + " succeeded, " + s.getTestsSkippedCount() + " skipped, "
                    + s.getTotalFailureCount() + " failed" + why);
        }
        return ms;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String joined(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }
}
