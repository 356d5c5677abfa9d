package dev.d1export.bench.junit;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * 50 test classes of ten tests each, all sharing one {@code @D1Snapshot}: 500 tests, one export expected.
 */
public final class SnapshotSuite {

    /** The 50 test classes, in order: the nested classes below, by name. */
    public static final List<Class<?>> CLASSES = Arrays.stream(SnapshotSuite.class.getDeclaredClasses())
            .sorted(Comparator.comparing(Class::getName)).toList();

    private SnapshotSuite() {
    }

    /** Test class 01 of 50. */
    static final class C01 extends TenTestsWithSnapshot {
    }

    /** Test class 02 of 50. */
    static final class C02 extends TenTestsWithSnapshot {
    }

    /** Test class 03 of 50. */
    static final class C03 extends TenTestsWithSnapshot {
    }

    /** Test class 04 of 50. */
    static final class C04 extends TenTestsWithSnapshot {
    }

    /** Test class 05 of 50. */
    static final class C05 extends TenTestsWithSnapshot {
    }

    /** Test class 06 of 50. */
    static final class C06 extends TenTestsWithSnapshot {
    }

    /** Test class 07 of 50. */
    static final class C07 extends TenTestsWithSnapshot {
    }

    /** Test class 08 of 50. */
    static final class C08 extends TenTestsWithSnapshot {
    }

    /** Test class 09 of 50. */
    static final class C09 extends TenTestsWithSnapshot {
    }

    /** Test class 10 of 50. */
    static final class C10 extends TenTestsWithSnapshot {
    }

    /** Test class 11 of 50. */
    static final class C11 extends TenTestsWithSnapshot {
    }

    /** Test class 12 of 50. */
    static final class C12 extends TenTestsWithSnapshot {
    }

    /** Test class 13 of 50. */
    static final class C13 extends TenTestsWithSnapshot {
    }

    /** Test class 14 of 50. */
    static final class C14 extends TenTestsWithSnapshot {
    }

    /** Test class 15 of 50. */
    static final class C15 extends TenTestsWithSnapshot {
    }

    /** Test class 16 of 50. */
    static final class C16 extends TenTestsWithSnapshot {
    }

    /** Test class 17 of 50. */
    static final class C17 extends TenTestsWithSnapshot {
    }

    /** Test class 18 of 50. */
    static final class C18 extends TenTestsWithSnapshot {
    }

    /** Test class 19 of 50. */
    static final class C19 extends TenTestsWithSnapshot {
    }

    /** Test class 20 of 50. */
    static final class C20 extends TenTestsWithSnapshot {
    }

    /** Test class 21 of 50. */
    static final class C21 extends TenTestsWithSnapshot {
    }

    /** Test class 22 of 50. */
    static final class C22 extends TenTestsWithSnapshot {
    }

    /** Test class 23 of 50. */
    static final class C23 extends TenTestsWithSnapshot {
    }

    /** Test class 24 of 50. */
    static final class C24 extends TenTestsWithSnapshot {
    }

    /** Test class 25 of 50. */
    static final class C25 extends TenTestsWithSnapshot {
    }

    /** Test class 26 of 50. */
    static final class C26 extends TenTestsWithSnapshot {
    }

    /** Test class 27 of 50. */
    static final class C27 extends TenTestsWithSnapshot {
    }

    /** Test class 28 of 50. */
    static final class C28 extends TenTestsWithSnapshot {
    }

    /** Test class 29 of 50. */
    static final class C29 extends TenTestsWithSnapshot {
    }

    /** Test class 30 of 50. */
    static final class C30 extends TenTestsWithSnapshot {
    }

    /** Test class 31 of 50. */
    static final class C31 extends TenTestsWithSnapshot {
    }

    /** Test class 32 of 50. */
    static final class C32 extends TenTestsWithSnapshot {
    }

    /** Test class 33 of 50. */
    static final class C33 extends TenTestsWithSnapshot {
    }

    /** Test class 34 of 50. */
    static final class C34 extends TenTestsWithSnapshot {
    }

    /** Test class 35 of 50. */
    static final class C35 extends TenTestsWithSnapshot {
    }

    /** Test class 36 of 50. */
    static final class C36 extends TenTestsWithSnapshot {
    }

    /** Test class 37 of 50. */
    static final class C37 extends TenTestsWithSnapshot {
    }

    /** Test class 38 of 50. */
    static final class C38 extends TenTestsWithSnapshot {
    }

    /** Test class 39 of 50. */
    static final class C39 extends TenTestsWithSnapshot {
    }

    /** Test class 40 of 50. */
    static final class C40 extends TenTestsWithSnapshot {
    }

    /** Test class 41 of 50. */
    static final class C41 extends TenTestsWithSnapshot {
    }

    /** Test class 42 of 50. */
    static final class C42 extends TenTestsWithSnapshot {
    }

    /** Test class 43 of 50. */
    static final class C43 extends TenTestsWithSnapshot {
    }

    /** Test class 44 of 50. */
    static final class C44 extends TenTestsWithSnapshot {
    }

    /** Test class 45 of 50. */
    static final class C45 extends TenTestsWithSnapshot {
    }

    /** Test class 46 of 50. */
    static final class C46 extends TenTestsWithSnapshot {
    }

    /** Test class 47 of 50. */
    static final class C47 extends TenTestsWithSnapshot {
    }

    /** Test class 48 of 50. */
    static final class C48 extends TenTestsWithSnapshot {
    }

    /** Test class 49 of 50. */
    static final class C49 extends TenTestsWithSnapshot {
    }

    /** Test class 50 of 50. */
    static final class C50 extends TenTestsWithSnapshot {
    }
}
