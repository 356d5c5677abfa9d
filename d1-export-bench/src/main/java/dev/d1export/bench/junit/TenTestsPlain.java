package dev.d1export.bench.junit;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The same ten trivial tests as {@link TenTestsWithSnapshot}, without the extension: the baseline. Subclassed 50
 * times in {@link PlainSuite}.
 */
public abstract class TenTestsPlain {

    Path snapshot = Path.of("baseline.sql");

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
