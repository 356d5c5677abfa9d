package dev.d1export.bench.junit;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The baseline: the same 50 classes of ten tests, without the extension.
 */
public final class PlainSuite {

    /** The 50 test classes, in order: the nested classes below, by name. */
    public static final List<Class<?>> CLASSES = Arrays.stream(PlainSuite.class.getDeclaredClasses())
            .sorted(Comparator.comparing(Class::getName)).toList();

    private PlainSuite() {
    }

    /** Test class 01 of 50. */
    static final class C01 extends TenTestsPlain {
    }

    /** Test class 02 of 50. */
    static final class C02 extends TenTestsPlain {
    }

    /** Test class 03 of 50. */
    static final class C03 extends TenTestsPlain {
    }

    /** Test class 04 of 50. */
    static final class C04 extends TenTestsPlain {
    }

    /** Test class 05 of 50. */
    static final class C05 extends TenTestsPlain {
    }

    /** Test class 06 of 50. */
    static final class C06 extends TenTestsPlain {
    }

    /** Test class 07 of 50. */
    static final class C07 extends TenTestsPlain {
    }

    /** Test class 08 of 50. */
    static final class C08 extends TenTestsPlain {
    }

    /** Test class 09 of 50. */
    static final class C09 extends TenTestsPlain {
    }

    /** Test class 10 of 50. */
    static final class C10 extends TenTestsPlain {
    }

    /** Test class 11 of 50. */
    static final class C11 extends TenTestsPlain {
    }

    /** Test class 12 of 50. */
    static final class C12 extends TenTestsPlain {
    }

    /** Test class 13 of 50. */
    static final class C13 extends TenTestsPlain {
    }

    /** Test class 14 of 50. */
    static final class C14 extends TenTestsPlain {
    }

    /** Test class 15 of 50. */
    static final class C15 extends TenTestsPlain {
    }

    /** Test class 16 of 50. */
    static final class C16 extends TenTestsPlain {
    }

    /** Test class 17 of 50. */
    static final class C17 extends TenTestsPlain {
    }

    /** Test class 18 of 50. */
    static final class C18 extends TenTestsPlain {
    }

    /** Test class 19 of 50. */
    static final class C19 extends TenTestsPlain {
    }

    /** Test class 20 of 50. */
    static final class C20 extends TenTestsPlain {
    }

    /** Test class 21 of 50. */
    static final class C21 extends TenTestsPlain {
    }

    /** Test class 22 of 50. */
    static final class C22 extends TenTestsPlain {
    }

    /** Test class 23 of 50. */
    static final class C23 extends TenTestsPlain {
    }

    /** Test class 24 of 50. */
    static final class C24 extends TenTestsPlain {
    }

    /** Test class 25 of 50. */
    static final class C25 extends TenTestsPlain {
    }

    /** Test class 26 of 50. */
    static final class C26 extends TenTestsPlain {
    }

    /** Test class 27 of 50. */
    static final class C27 extends TenTestsPlain {
    }

    /** Test class 28 of 50. */
    static final class C28 extends TenTestsPlain {
    }

    /** Test class 29 of 50. */
    static final class C29 extends TenTestsPlain {
    }

    /** Test class 30 of 50. */
    static final class C30 extends TenTestsPlain {
    }

    /** Test class 31 of 50. */
    static final class C31 extends TenTestsPlain {
    }

    /** Test class 32 of 50. */
    static final class C32 extends TenTestsPlain {
    }

    /** Test class 33 of 50. */
    static final class C33 extends TenTestsPlain {
    }

    /** Test class 34 of 50. */
    static final class C34 extends TenTestsPlain {
    }

    /** Test class 35 of 50. */
    static final class C35 extends TenTestsPlain {
    }

    /** Test class 36 of 50. */
    static final class C36 extends TenTestsPlain {
    }

    /** Test class 37 of 50. */
    static final class C37 extends TenTestsPlain {
    }

    /** Test class 38 of 50. */
    static final class C38 extends TenTestsPlain {
    }

    /** Test class 39 of 50. */
    static final class C39 extends TenTestsPlain {
    }

    /** Test class 40 of 50. */
    static final class C40 extends TenTestsPlain {
    }

    /** Test class 41 of 50. */
    static final class C41 extends TenTestsPlain {
    }

    /** Test class 42 of 50. */
    static final class C42 extends TenTestsPlain {
    }

    /** Test class 43 of 50. */
    static final class C43 extends TenTestsPlain {
    }

    /** Test class 44 of 50. */
    static final class C44 extends TenTestsPlain {
    }

    /** Test class 45 of 50. */
    static final class C45 extends TenTestsPlain {
    }

    /** Test class 46 of 50. */
    static final class C46 extends TenTestsPlain {
    }

    /** Test class 47 of 50. */
    static final class C47 extends TenTestsPlain {
    }

    /** Test class 48 of 50. */
    static final class C48 extends TenTestsPlain {
    }

    /** Test class 49 of 50. */
    static final class C49 extends TenTestsPlain {
    }

    /** Test class 50 of 50. */
    static final class C50 extends TenTestsPlain {
    }
}
