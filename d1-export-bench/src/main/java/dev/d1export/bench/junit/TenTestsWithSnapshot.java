package dev.d1export.bench.junit;

import dev.d1export.junit.D1Snapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Ten trivial tests that share the class-level snapshot (the URL comes from the {@code d1.snapshot.url} configuration
 * parameter the runner sets). Subclassed 50 times in {@link SnapshotSuite}; the same body as {@link TenTestsPlain},
 * so the difference in run time is the extension's.
 */
@D1Snapshot
public abstract class TenTestsWithSnapshot {

    @D1Snapshot
    Path snapshot;

    @Test
    void test01() {
        check();
    }

    @Test
    void test02() {
        check();
    }

    @Test
    void test03() {
        check();
    }

    @Test
    void test04() {
        check();
    }

    @Test
    void test05() {
        check();
    }

    @Test
    void test06() {
        check();
    }

    @Test
    void test07() {
        check();
    }

    @Test
    void test08() {
        check();
    }

    @Test
    void test09() {
        check();
    }

    @Test
    void test10() {
        check();
    }    private void check() {
        if (snapshot == null) {
            throw new AssertionError("no snapshot injected");
        }
    }
}
