package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.commons.annotation.Testable;

/**
 * {@code @D1Snapshot} on a method that is not a test would do nothing (JUnit applies a method's annotation only to
 * that method's own test), so the tests that seemed to get a snapshot would run without one: it is refused.
 */
class MisplacedAnnotationTest {

    @TempDir
    Path dir;

    @Test
    void onALifecycleMethodOfAClassThatDeclaresASnapshotFailsTheClassNamingTheMethod() {
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).run(OnBeforeEach.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@D1Snapshot on " + OnBeforeEach.class.getName() + ".setUp(), which is not"
                        + " a test")
                .hasMessageContaining("Declare it on the class");
    }

    @Test
    void onAHelperBesideATestMethodThatDeclaresOneFailsThatTest() {
        // The extension is registered by the test method's annotation alone: no beforeAll, the check runs per test.
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).run(OnHelper.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@D1Snapshot on " + OnHelper.class.getName() + ".customers(), which is not a"
                        + " test");
    }

    @Test
    void onAnInheritedLifecycleMethodIsFoundToo() {
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).run(InheritsMisplaced.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@D1Snapshot on " + OnBeforeEach.class.getName() + ".setUp()");
    }

    static Stream<Arguments> methodsJupiterDoesNotRunAsTests() {
        return Stream.of(
                Arguments.of(OnAnotherEnginesTest.class, "property"),
                Arguments.of(OnAPrivateTest.class, "hidden"),
                Arguments.of(OnAStaticTest.class, "shared"),
                Arguments.of(OnATestThatReturnsAValue.class, "answer"),
                Arguments.of(OnABeforeEachOfANestedClass.Inner.class, "setUp"));
    }

    /** Jupiter's extensions never run for these, though JUnit marks some of them testable. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("methodsJupiterDoesNotRunAsTests")
    void onAMethodJupiterDoesNotRunAsATestFailsNamingTheMethod(Class<?> fixture, String method) {
        List<Throwable> failures = EngineRun.failures(EngineRun.in(dir).run(fixture));

        assertThat(failures).isNotEmpty().allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@D1Snapshot on " + fixture.getName() + "." + method + "(), which is not a"
                        + " test"));
    }

    @Test
    void aParameterOfALifecycleMethodAndANestedClassAreNotRefused() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(LifecycleParameterAndNested.class), 2);
    }

    @Test
    void everyKindOfTestMethodAndAComposedAnnotationAreTests() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(EveryKindOfTest.class), 1 + 2 + 2 + 1 + 1);
    }

    @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
    static class OnBeforeEach {
        @BeforeEach
        @D1Snapshot(url = EngineRun.SHOP, tables = "customers")
        void setUp() {
        }

        @Test
        void test() {
        }
    }

    static class InheritsMisplaced extends OnBeforeEach {
    }

    static class OnHelper {
        @Test
        @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
        void test(@D1Snapshot Path sql) {
        }

        @D1Snapshot(url = EngineRun.SHOP, tables = "customers")
        void customers() {
        }
    }

    /** Another engine's test annotation, as jqwik's {@code @Property} is: testable, but not Jupiter's. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @Testable
    @interface OtherEngineTest {
    }

    @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
    static class OnAnotherEnginesTest {
        @OtherEngineTest
        @D1Snapshot(url = EngineRun.SHOP, tables = "customers")
        void property() {
        }

        @Test
        void test() {
        }
    }

    @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
    static class OnAPrivateTest {
        @Test
        @D1Snapshot(url = EngineRun.SHOP, tables = "customers")
        private void hidden() {
        }

        @Test
        void test() {
        }
    }

    @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
    static class OnAStaticTest {
        @Test
        @D1Snapshot(url = EngineRun.SHOP, tables = "customers")
        static void shared() {
        }

        @Test
        void test() {
        }
    }

    @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
    static class OnATestThatReturnsAValue {
        @Test
        @D1Snapshot(url = EngineRun.SHOP, tables = "customers")
        int answer() {
            return 42;
        }

        @Test
        void test() {
        }
    }

    @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
    static class OnABeforeEachOfANestedClass {
        @Test
        void outer() {
        }

        @Nested
        class Inner {
            @BeforeEach
            @D1Snapshot(url = EngineRun.SHOP, tables = "customers")
            void setUp() {
            }

            @Test
            void inner() {
            }
        }
    }

    @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
    static class LifecycleParameterAndNested {
        Path customers;

        @BeforeEach
        void setUp(@D1Snapshot(url = EngineRun.SHOP, tables = "customers") Path sql) {
            customers = sql;
        }

        @Test
        void outer(@D1Snapshot Path orders) {
            assertThat(orders).isRegularFile();
            assertThat(customers).isRegularFile();
        }

        @Nested
        class Inner {
            @Test
            @D1Snapshot(url = EngineRun.SHOP, tables = "customers", name = "c")
            void inner(@D1Snapshot(name = "c") Path sql) {
                assertThat(sql).isRegularFile();
            }
        }
    }

    static class EveryKindOfTest {
        @Test
        @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
        void plain(@D1Snapshot Path sql) {
            assertThat(sql).isRegularFile();
        }

        @RepeatedTest(2)
        @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
        void repeated(@D1Snapshot Path sql) {
            assertThat(sql).isRegularFile();
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "b"})
        @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
        void parameterized(String value, @D1Snapshot Path sql) {
            assertThat(sql).isRegularFile();
        }

        @TestFactory
        @D1Snapshot(url = EngineRun.SHOP, tables = "orders")
        Stream<DynamicTest> factory(@D1Snapshot Path sql) {
            return Stream.of(DynamicTest.dynamicTest("dynamic", () -> assertThat(Files.size(sql)).isPositive()));
        }

        @Test
        @OrdersSnapshot
        void composed(@D1Snapshot Path orders) {
            assertThat(orders).isRegularFile();
        }
    }
}
