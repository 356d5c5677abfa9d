package dev.d1export.bench.junit;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Ten trivial tests, the body shared by {@link TenTestsPlain} and {@link TenTestsWithSnapshot}, so that the
 * difference in run time between the two suites is the extension's alone.
 */
public abstract class TenTests {

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
    }

    /**
     * The SQL file the tests use.
     *
     * @return the injected snapshot, or a fixed path for the baseline
     */
    abstract Path snapshot();

    private void check() {
        if (snapshot() == null) {
            throw new AssertionError("no snapshot injected");
        }
    }
}
