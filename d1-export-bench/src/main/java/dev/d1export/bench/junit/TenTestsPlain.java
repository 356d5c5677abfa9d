package dev.d1export.bench.junit;

import java.nio.file.Path;

/**
 * The ten tests of {@link TenTests} without the extension: the baseline. Subclassed 50 times in {@link PlainSuite}.
 */
public abstract class TenTestsPlain extends TenTests {

    private final Path snapshot = Path.of("baseline.sql");

    @Override
    Path snapshot() {
        return snapshot;
    }
}
