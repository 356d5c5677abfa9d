package dev.d1export.bench.junit;

import dev.d1export.junit.D1Snapshot;
import java.nio.file.Path;

/**
 * The ten tests of {@link TenTests}, sharing the class-level snapshot (the URL comes from the {@code d1.snapshot.url}
 * configuration parameter the runner sets). Subclassed 50 times in {@link SnapshotSuite}.
 */
@D1Snapshot
public abstract class TenTestsWithSnapshot extends TenTests {

    @D1Snapshot
    Path snapshot;

    @Override
    Path snapshot() {
        return snapshot;
    }
}
