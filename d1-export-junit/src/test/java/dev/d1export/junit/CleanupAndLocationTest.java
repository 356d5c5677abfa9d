package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Where snapshot files go by default and when they are deleted. */
class CleanupAndLocationTest {

    /** Paths the fixtures saw, by fixture name; the engine runs them in this JVM. */
    private static final Map<String, Path> SEEN = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void forget() {
        SEEN.clear();
    }

    @Test
    void aSnapshotFolderThatIsAFileIsAConfigurationErrorNamingTheParameter() throws IOException {
        Path file = Files.writeString(dir.resolve("pom.xml"), "<project/>");

        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).with(D1Snapshot.DIR_PROPERTY_NAME,
                file.toString()).run(Passing.class));

        assertThat(failure).isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessage("Configuration parameter 'd1.snapshot.dir' names a file, not a folder: '" + file + "'");
        assertThat(Files.readString(file)).isEqualTo("<project/>");
    }

    @Test
    void filesGoToAPerRunFolderUnderTheBuildDirectoryByDefault() throws URISyntaxException {
        Path testClasses = Path.of(CleanupAndLocationTest.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Path expected = testClasses.getParent().resolve("d1-snapshots");

        EngineRun.assertAllSucceeded(EngineRun.in(dir).with(D1Snapshot.DIR_PROPERTY_NAME, null).run(Passing.class), 1);

        Path seen = SEEN.get("passing");
        assertThat(seen.getParent().getParent()).isEqualTo(expected);
        assertThat(seen.getParent().getFileName().toString()).startsWith("run-");
        assertThat(seen).doesNotExist();
        assertThat(seen.getParent()).as("the empty run folder is removed too").doesNotExist();
    }

    @Test
    void alwaysDeletesTheFilesAtTheEndOfTheRunEvenAfterAFailure() throws IOException {
        EngineRun.in(dir).run(Failing.class);

        assertThat(SEEN.get("failing")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void neverKeepsThem() throws IOException {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "never")
                .run(Passing.class), 1);

        assertThat(SEEN.get("passing")).exists().startsWith(dir);
        assertThat(Files.readString(SEEN.get("passing"))).isEqualTo(EngineRun.shopSql());
    }

    @Test
    void aSnapshotFileIsReadOnlySinceEveryTestThatNeedsItSharesIt() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions");
        EngineRun.assertAllSucceeded(EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "never")
                .run(Passing.class), 1);

        assertThat(Files.getPosixFilePermissions(SEEN.get("passing"))).doesNotContain(
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE)
                .contains(PosixFilePermission.OWNER_READ);
    }

    @Test
    void onSuccessKeepsTheFilesOfAFailedTest() {
        onSuccess(Failing.class).testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(SEEN.get("failing")).exists();
    }

    @Test
    void onSuccessDeletesTheFilesWhenAllTestsPassed() throws IOException {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "ON_SUCCESS")
                .run(Passing.class), 1);

        assertThat(SEEN.get("passing")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void onSuccessDeletesTheFilesOfTestsThatWereOnlyAbortedNotFailed() throws IOException {
        onSuccess(Aborting.class, ClassLevelOneAborts.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(1).aborted(2).failed(0));

        assertThat(SEEN.get("aborting")).as("its test was skipped by an assumption, not failed").doesNotExist();
        assertThat(SEEN.get("class-level-aborts")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aSnapshotFileThatCannotBeDeletedFailsTheRunInsteadOfStayingUnseen() throws IOException {
        EngineExecutionResults results = EngineRun.in(dir).run(Undeletable.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        Path seen = SEEN.get("undeletable");
        // JUnit reports it on the engine, wrapped or not depending on its version.
        assertThat(EngineRun.failures(results)).singleElement().satisfies(failure -> {
            Throwable ours = failure;
            while (ours != null && !(ours instanceof IOException)) {
                ours = ours.getCause();
            }
            assertThat(ours).as("the IOException in %s", failure)
                    .hasMessageStartingWith("Cannot delete D1 snapshot file " + seen + " (d1.snapshot.cleanup=always): ")
                    .hasMessageEndingWith("; something may still hold it open");
        });
        assertThat(seen).isDirectory();
    }

    @Test
    void onSuccessKeepsAClassLevelSnapshotWhenOneOfItsTestsFailed() {
        EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on-success").run(ClassLevelOneFails.class)
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));

        assertThat(SEEN.get("class-level")).exists();
    }

    @Test
    void onSuccessKeepsAFieldSnapshotOfAFailedTest() {
        onSuccess(FieldFailing.class).testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(SEEN.get("field")).as("a test that used it failed").exists();
    }

    @Test
    void onSuccessKeepsAConstructorSnapshotOfAFailedTest() {
        onSuccess(ConstructorFailing.class).testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(SEEN.get("constructor")).as("a test that used it failed").exists();
    }

    @Test
    void onSuccessKeepsTheSnapshotOfAConstructorThatThrows() {
        onSuccess(ConstructorThrowing.class).testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(SEEN.get("throwing-constructor")).as("the test failed in the constructor that received it")
                .exists();
    }

    @Test
    void onSuccessKeepsTheSnapshotsOfATestWhoseInstanceCouldNotBeMadeByAnotherExtension() {
        onSuccess(InstanceRefused.class).testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(SEEN.get("refused-field")).as("the test failed before it ran").exists();
        assertThat(SEEN.get("refused-class")).as("the test failed before it ran").exists();
    }

    @Test
    void onSuccessKeepsStaticFieldAndBeforeAllParameterSnapshotsWhenATestFailed() {
        onSuccess(StaticFieldOneFails.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));

        assertThat(SEEN.get("static-field")).as("a test of the class failed").exists();
        assertThat(SEEN.get("before-all")).as("a test of the class failed").exists();
    }

    @Test
    void onSuccessDeletesStaticFieldAndBeforeAllParameterSnapshotsWhenTheTestsPassed() throws IOException {
        EngineRun.assertAllSucceeded(onSuccess(StaticFieldPassing.class), 1);

        assertThat(SEEN.get("static-field")).doesNotExist();
        assertThat(SEEN.get("before-all")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void onSuccessKeepsTheClassWideSnapshotsWhenAnotherDeclarationOfTheFailedTestIsWrong() {
        onSuccess(MethodNameClash.class).testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(SEEN.get("clash-static")).as("a test of the class failed").exists();
    }

    @Test
    void onSuccessKeepsTheSnapshotOfATestFactoryWhoseDynamicTestFailed() {
        onSuccess(FactoryFails.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));

        assertThat(SEEN.get("factory")).as("a dynamic test that used it failed").exists();
    }

    @Test
    void onSuccessDeletesTheSnapshotOfATestFactoryWhoseDynamicTestsPassedOrWereAborted() throws IOException {
        onSuccess(FactoryPasses.class).testEvents().assertStatistics(stats -> stats.succeeded(1).aborted(1).failed(0));

        assertThat(SEEN.get("factory")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void onSuccessKeepsAnEnclosingInstancesFieldSnapshotOfAFailedNestedTest() {
        onSuccess(OuterField.class).testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(SEEN.get("outer-field")).as("a nested test that used it failed").exists();
    }

    @Test
    void onSuccessDeletesFieldAndConstructorSnapshotsWhenTheirTestsPassed() throws IOException {
        EngineRun.assertAllSucceeded(onSuccess(FieldAndConstructorPassing.class), 2);

        assertThat(SEEN.get("field")).doesNotExist();
        assertThat(SEEN.get("constructor")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void onSuccessKeepsAPerClassInstancesSnapshotsWhenAnyTestOfTheClassFailed() {
        onSuccess(PerClassOneFails.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));

        assertThat(SEEN.get("field")).as("the instance served the failed test").exists();
        assertThat(SEEN.get("constructor")).as("the instance served the failed test").exists();
    }

    @Test
    void onSuccessKeepsTheClassLevelSnapshotOfAClassWhoseBeforeAllFailed() throws IOException {
        EngineExecutionResults results = onSuccess(BeforeAllFails.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(filesIn(dir)).as("its tests never ran").hasSize(1);
    }

    @Test
    void onSuccessKeepsTheEnclosingSnapshotOfANestedClassWhoseBeforeAllFailed() throws IOException {
        EngineExecutionResults results = onSuccess(EnclosingOfFailingNested.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(filesIn(dir)).as("the nested tests that would have used it never ran").hasSize(1);
    }

    @Test
    void onSuccessKeepsTheEnclosingClassWideSnapshotsOfANestedClassWhoseBeforeAllFailed() throws IOException {
        EngineExecutionResults results = onSuccess(EnclosingStaticFieldOfFailingNested.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(SEEN.get("enclosing-static-field")).as("the nested tests that would have used it never ran")
                .exists();
    }

    @Test
    void onSuccessDeletesTheEnclosingSnapshotOfANestedClassWhoseBeforeAllWasOnlyAborted() throws IOException {
        EngineExecutionResults results = onSuccess(EnclosingOfAbortedNested.class);

        results.containerEvents().assertStatistics(stats -> stats.aborted(1).failed(0));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void onSuccessKeepsTheEnclosingSnapshotOfANestedClassWhoseBeforeAllFailedWithTheExtensionsConditionDeactivated()
            throws IOException {
        // The extension's condition normally starts the class's watch; deactivated by name, its beforeAll does.
        EngineExecutionResults results = EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on_success")
                .with("junit.jupiter.conditions.deactivate", D1SnapshotExtension.class.getName())
                .run(EnclosingOfFailingNested.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(filesIn(dir)).as("the nested tests that would have used it never ran").hasSize(1);
    }

    @Test
    void onSuccessKeepsTheEnclosingSnapshotOfANestedClassFailedByAnExtensionThatRunsBeforeOurs() {
        EngineExecutionResults results = onSuccess(FailedFirstForNested.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN.get("enclosing-of-failed-first")).as("the nested tests that would have used it never ran")
                .exists();
    }

    @Test
    void onSuccessKeepsTheEnclosingSnapshotOfANestedPerClassInstanceThatCouldNotBeMade() {
        EngineExecutionResults results = onSuccess(EnclosingOfUnmadeNestedInstance.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN.get("enclosing-of-unmade-instance")).as("the nested tests that would have used it never ran")
                .exists();
    }

    @Test
    void onSuccessKeepsAnExportAnotherClassMadeForAClassFailedByAnExtensionThatRunsBeforeOurs() {
        // The export exists only if the passing class runs first: a failure marks exports, it makes none.
        EngineExecutionResults results = EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on_success")
                .with("junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName())
                .run(FailedFirstWithOrdersField.class, ExportsOrdersField.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN.get("sibling-field")).as("the failed class's tests would have used it").exists();
    }

    @Test
    void onSuccessKeepsAnExportAnotherClassMadeForATestParameterOfAClassFailedByAnExtensionThatRunsBeforeOurs() {
        // The export exists only if the passing class runs first: a failure marks exports, it makes none.
        EngineExecutionResults results = EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on_success")
                .with("junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName())
                .run(FailedFirstWithOrdersParameter.class, ExportsOrdersField.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN.get("sibling-field")).as("the failed class's test would have used it").exists();
    }

    @Test
    void onSuccessKeepsAnExportAnotherClassMadeForAClassWhoseOnlyDeclarationIsAnInstanceFieldFailedByAnExtension() {
        // JUnit 5.10 registers an instance field's extension for each test, never for the class: the README's limit.
        String jupiter = String.valueOf(Test.class.getPackage().getImplementationVersion());
        Assumptions.assumeFalse(jupiter.startsWith("5.10."),
                "JUnit 5.10 never asks the extension about a class whose only declaration is an instance field");
        EngineExecutionResults results = EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on_success")
                .with("junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName())
                .run(FailedFirstWithOnlyAnOrdersField.class, ExportsOrdersField.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN.get("sibling-field")).as("the failed class's test would have used it").exists();
    }

    @Test
    void onSuccessKeepsTheInstanceFieldSnapshotOfAClassWhoseOnlyDeclarationItIsWhenItsAfterAllFailed() {
        EngineExecutionResults results = onSuccess(AfterAllFailsWithOnlyAnInstanceField.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(SEEN.get("only-instance-field")).as("the failed class counts as a failure of this test").exists();
    }

    @Test
    void onSuccessDeletesTheExportAnotherClassMadeForAClassThatAnExtensionOnlyAborted() throws IOException {
        EngineExecutionResults results = EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on_success")
                .with("junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName())
                .run(AbortedFirstWithOrdersField.class, ExportsOrdersField.class);

        results.containerEvents().assertStatistics(stats -> stats.aborted(1).failed(0));
        assertThat(SEEN.get("sibling-field")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void onSuccessKeepsTheTestMethodSnapshotsOfAClassWhoseAfterAllFailed() {
        EngineExecutionResults results = onSuccess(AfterAllFailsWithMethodSnapshots.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(SEEN.get("after-all-class")).as("the class failed").exists();
        assertThat(SEEN.get("after-all-method")).as("the failed class counts as a failure of this test").exists();
        assertThat(SEEN.get("after-all-parameter")).as("the failed class counts as a failure of this test")
                .exists();
    }

    @Test
    void onSuccessKeepsTheSnapshotOfAClassWhoseOnlyDeclarationIsATestParameterWhenItsAfterAllFailed() {
        // The annotation on the parameter registers the extension for that test only, never for the class.
        EngineExecutionResults results = onSuccess(AfterAllFailsWithOnlyAParameterSnapshot.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN.get("only-parameter")).as("the failed class counts as a failure of this test").exists();
    }

    @Test
    void onSuccessKeepsTheSnapshotOfAClassWhoseOnlyDeclarationIsATestParameterWithTheExtensionsConditionDeactivated() {
        // The extension's condition normally starts the class's watch; deactivated by name, its beforeEach does.
        EngineExecutionResults results = EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on_success")
                .with("junit.jupiter.conditions.deactivate", D1SnapshotExtension.class.getName())
                .run(AfterAllFailsWithOnlyAParameterSnapshot.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(SEEN.get("only-parameter")).as("the failed class counts as a failure of this test").exists();
    }

    @Test
    void onSuccessKeepsTheSnapshotOfANestedClassWhoseOnlyDeclarationIsATestMethodWhenItsAfterAllFailed() {
        EngineExecutionResults results = onSuccess(EnclosingOfNestedAfterAllFailure.class);

        results.containerEvents().assertStatistics(stats -> stats.failed(1));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN.get("nested-only-method")).as("the failed class counts as a failure of this test").exists();
    }

    @Test
    void onSuccessDeletesTheTestMethodSnapshotsOfAClassWhoseAfterAllWasOnlyAborted() throws IOException {
        EngineExecutionResults results = onSuccess(AfterAllAbortsWithOnlyAParameterSnapshot.class);

        results.containerEvents().assertStatistics(stats -> stats.aborted(1).failed(0));
        assertThat(SEEN.get("only-parameter-aborted")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    /** Runs a test class with cleanup {@code on_success}. */
    private EngineExecutionResults onSuccess(Class<?>... testClasses) {
        return EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on_success").run(testClasses);
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static class Passing {
        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) {
            SEEN.put("passing", sql);
            assertThat(sql).exists();
        }
    }

    static class Aborting {
        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) {
            SEEN.put("aborting", sql);
            Assumptions.assumeTrue(false, "not in this environment");
        }
    }

    @D1Snapshot(tables = "customers")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class ClassLevelOneAborts {
        @Test
        void a(@D1Snapshot Path sql) {
            SEEN.put("class-level-aborts", sql);
        }

        @Test
        void b() {
            Assumptions.abort("environment not ready");
        }
    }

    /** Stands in for a file something holds open: in its place, a folder that is not empty. */
    static class Undeletable {
        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) throws IOException {
            SEEN.put("undeletable", sql);
            sql.toFile().setWritable(true, true);
            Files.delete(sql);
            Files.createDirectories(sql.resolve("held"));
        }
    }

    static class Failing {
        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) {
            SEEN.put("failing", sql);
            throw new AssertionError("this test fails on purpose");
        }
    }

    @D1Snapshot(tables = "customers")
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class ClassLevelOneFails {
        @Test
        void a() {
            throw new AssertionError("this test fails on purpose");
        }

        @Test
        void b(@D1Snapshot Path sql) {
            SEEN.put("class-level", sql);
        }
    }

    static class FieldFailing {
        @D1Snapshot(tables = "orders")
        Path orders;

        @Test
        void test() {
            SEEN.put("field", orders);
            throw new AssertionError("this test fails on purpose");
        }
    }

    static class ConstructorFailing {
        private final Path orders;

        ConstructorFailing(@D1Snapshot(tables = "orders") Path orders) {
            this.orders = orders;
        }

        @Test
        void test() {
            SEEN.put("constructor", orders);
            throw new AssertionError("this test fails on purpose");
        }
    }

    static class ConstructorThrowing {
        ConstructorThrowing(@D1Snapshot(tables = "orders") Path orders) {
            SEEN.put("throwing-constructor", orders);
            throw new IllegalStateException("this constructor fails on purpose");
        }

        @Test
        void test() {
        }
    }

    @D1Snapshot(name = "class-level", tables = "customers")
    @ExtendWith(RefusingPostProcessor.class)
    static class InstanceRefused {
        @D1Snapshot(tables = "orders")
        Path orders;

        @Test
        void test() {
        }
    }

    /** Registered after the snapshot extension, so it sees the field assigned, then fails the instance. */
    static class RefusingPostProcessor implements TestInstancePostProcessor {
        @Override
        public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
            InstanceRefused refused = (InstanceRefused) testInstance;
            SEEN.put("refused-field", refused.orders);
            SEEN.put("refused-class", D1SnapshotExtension.publishedSnapshot(context, "class-level").orElseThrow()
                    .path());
            throw new IllegalStateException("this post-processor fails on purpose");
        }
    }

    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class StaticFieldOneFails extends StaticFieldPassing {
        @Test
        void b() {
            throw new AssertionError("this test fails on purpose");
        }
    }

    static class StaticFieldPassing {
        @D1Snapshot(tables = "orders")
        static Path orders;

        @BeforeAll
        static void before(@D1Snapshot(tables = "customers") Path customers) {
            SEEN.put("static-field", orders);
            SEEN.put("before-all", customers);
        }

        @Test
        void a() {
        }
    }

    static class MethodNameClash {
        @D1Snapshot(tables = "orders")
        static Path orders;

        @BeforeAll
        static void seen() {
            SEEN.put("clash-static", orders);
        }

        @Test
        @D1Snapshot(name = "x", tables = "orders")
        @D1Snapshot(name = "x", tables = "customers")
        void test() {
        }
    }

    static class FactoryFails {
        @TestFactory
        Stream<DynamicTest> tests(@D1Snapshot(tables = "orders") Path orders) {
            SEEN.put("factory", orders);
            return Stream.of(DynamicTest.dynamicTest("passes", () -> { }),
                    DynamicTest.dynamicTest("fails", () -> {
                        throw new AssertionError("this dynamic test fails on purpose");
                    }));
        }
    }

    static class FactoryPasses {
        @TestFactory
        Stream<DynamicTest> tests(@D1Snapshot(tables = "orders") Path orders) {
            SEEN.put("factory", orders);
            return Stream.of(DynamicTest.dynamicTest("passes", () -> { }),
                    DynamicTest.dynamicTest("aborted", () -> Assumptions.assumeTrue(false, "on purpose")));
        }
    }

    static class OuterField {
        @D1Snapshot(tables = "orders")
        Path orders;

        @Nested
        class Inner {
            @Test
            void test() {
                SEEN.put("outer-field", orders);
                throw new AssertionError("this test fails on purpose");
            }
        }
    }

    static class FieldAndConstructorPassing {
        @D1Snapshot(tables = "orders")
        Path orders;

        private final Path customers;

        FieldAndConstructorPassing(@D1Snapshot(tables = "customers") Path customers) {
            this.customers = customers;
        }

        @Test
        void field() {
            SEEN.put("field", orders);
        }

        @Test
        void constructor() {
            SEEN.put("constructor", customers);
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerClassOneFails {
        @D1Snapshot(tables = "orders")
        Path orders;

        private final Path customers;

        PerClassOneFails(@D1Snapshot(tables = "customers") Path customers) {
            this.customers = customers;
        }

        @Test
        void a() {
            SEEN.put("field", orders);
            SEEN.put("constructor", customers);
        }

        @Test
        void b() {
            throw new AssertionError("this test fails on purpose");
        }
    }

    @D1Snapshot(tables = "customers")
    static class BeforeAllFails {
        @BeforeAll
        static void connect() {
            throw new IllegalStateException("this @BeforeAll fails on purpose");
        }

        @Test
        void test(@D1Snapshot Path sql) {
        }
    }

    /** Exports its class-level snapshot for the nested class only, whose tests never run. */
    @D1Snapshot(tables = "customers")
    static class EnclosingOfFailingNested {
        @Nested
        class Inner {
            @BeforeAll
            static void connect() {
                throw new IllegalStateException("this @BeforeAll fails on purpose");
            }

            @Test
            void test(@D1Snapshot Path sql) {
            }
        }
    }

    static class EnclosingStaticFieldOfFailingNested {
        @D1Snapshot(tables = "orders")
        static Path orders;

        @BeforeAll
        static void seen() {
            SEEN.put("enclosing-static-field", orders);
        }

        @Nested
        class Inner {
            @BeforeAll
            static void connect() {
                throw new IllegalStateException("this @BeforeAll fails on purpose");
            }

            @Test
            void test() {
                assertThat(orders).exists();
            }
        }
    }

    @D1Snapshot(tables = "customers")
    static class EnclosingOfAbortedNested {
        @Test
        void outer(@D1Snapshot Path sql) {
        }

        @Nested
        class Inner {
            @BeforeAll
            static void connect() {
                Assumptions.abort("environment not ready");
            }

            @Test
            void test(@D1Snapshot Path sql) {
            }
        }
    }

    /**
     * Declared before {@code @D1Snapshot}, so its {@code beforeAll} runs before the snapshot extension's: it fails the
     * {@code @Nested} classes it is inherited by, before the snapshot extension has seen them.
     */
    static class FailsNestedClasses implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            if (context.getRequiredTestClass().isAnnotationPresent(Nested.class)) {
                throw new IllegalStateException("this extension fails @Nested classes on purpose");
            }
        }
    }

    /** Declared before {@code @D1Snapshot}: its {@code beforeAll} fails the class first. */
    static class FailsClass implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            throw new IllegalStateException("this extension fails the class on purpose");
        }
    }

    /** Declared before {@code @D1Snapshot}: its {@code beforeAll} aborts the class first. */
    static class AbortsClass implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            Assumptions.abort("environment not ready");
        }
    }

    @ExtendWith(FailsNestedClasses.class)
    @D1Snapshot(tables = "customers")
    static class FailedFirstForNested {
        @Test
        void outer(@D1Snapshot Path sql) {
            SEEN.put("enclosing-of-failed-first", sql);
        }

        @Nested
        class Inner {
            @Test
            void test(@D1Snapshot Path sql) {
            }
        }
    }

    @D1Snapshot(tables = "customers")
    static class EnclosingOfUnmadeNestedInstance {
        @Test
        void outer(@D1Snapshot Path sql) {
            SEEN.put("enclosing-of-unmade-instance", sql);
        }

        /** Its instance is made before any class-level callback runs, so its failure comes before them all. */
        @Nested
        @TestInstance(TestInstance.Lifecycle.PER_CLASS)
        class Inner {
            Inner() {
                throw new IllegalStateException("this constructor fails on purpose");
            }

            @Test
            void test(@D1Snapshot Path sql) {
            }
        }
    }

    @Order(1)
    static class ExportsOrdersField {
        @D1Snapshot(tables = "orders")
        Path orders;

        @Test
        void test() {
            SEEN.put("sibling-field", orders);
        }
    }

    @Order(2)
    @ExtendWith(FailsClass.class)
    @D1Snapshot(tables = "customers")
    static class FailedFirstWithOrdersField {
        @D1Snapshot(tables = "orders")
        Path orders;

        @Test
        void test() {
        }
    }

    @Order(2)
    @ExtendWith(FailsClass.class)
    static class FailedFirstWithOnlyAnOrdersField {
        @D1Snapshot(tables = "orders")
        Path orders;

        @Test
        void test() {
        }
    }

    static class AfterAllFailsWithOnlyAnInstanceField {
        @D1Snapshot(tables = "orders")
        Path orders;

        @AfterAll
        static void disconnect() {
            throw new IllegalStateException("this @AfterAll fails on purpose");
        }

        @Test
        void test() {
            SEEN.put("only-instance-field", orders);
        }
    }

    @Order(2)
    @ExtendWith(FailsClass.class)
    @D1Snapshot(tables = "customers")
    static class FailedFirstWithOrdersParameter {
        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) {
        }
    }

    @Order(2)
    @ExtendWith(AbortsClass.class)
    @D1Snapshot(tables = "customers")
    static class AbortedFirstWithOrdersField {
        @D1Snapshot(tables = "orders")
        Path orders;

        @Test
        void test() {
        }
    }

    @D1Snapshot(name = "class-level", tables = "customers")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class AfterAllFailsWithMethodSnapshots {
        @AfterAll
        static void disconnect() {
            throw new IllegalStateException("this @AfterAll fails on purpose");
        }

        @Test
        @D1Snapshot(name = "method", tables = {"orders", "customers"})
        void a(@D1Snapshot(name = "method") Path sql, @D1Snapshot(name = "class-level") Path classLevel) {
            SEEN.put("after-all-method", sql);
            SEEN.put("after-all-class", classLevel);
        }

        @Test
        void b(@D1Snapshot(tables = "orders") Path sql) {
            SEEN.put("after-all-parameter", sql);
        }
    }

    static class AfterAllFailsWithOnlyAParameterSnapshot {
        @AfterAll
        static void disconnect() {
            throw new IllegalStateException("this @AfterAll fails on purpose");
        }

        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) {
            SEEN.put("only-parameter", sql);
        }
    }

    static class EnclosingOfNestedAfterAllFailure {
        @Nested
        class Inner {
            @AfterAll
            static void disconnect() {
                throw new IllegalStateException("this @AfterAll fails on purpose");
            }

            @Test
            @D1Snapshot(name = "nested", tables = "orders")
            void test(@D1Snapshot(name = "nested") Path sql) {
                SEEN.put("nested-only-method", sql);
            }
        }
    }

    static class AfterAllAbortsWithOnlyAParameterSnapshot {
        @AfterAll
        static void disconnect() {
            Assumptions.abort("environment not ready");
        }

        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) {
            SEEN.put("only-parameter-aborted", sql);
        }
    }
}
