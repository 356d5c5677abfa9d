package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Class-level snapshots serve @Nested classes and are inherited by subclasses; a @Nested class's declaration hides
 * one of the same name around it, as a Java variable shadows an outer one; an outer instance field's own declaration,
 * which the nested tests use too, is not hidden.
 */
class NestedAndInheritedSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void nestedClassesSeeTheEnclosingClassSnapshotAndDeclareTheirOwn() {
        EngineRun run = EngineRun.in(dir);

        run.run(Outer.class).testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));

        assertThat(FixtureJournal.named(run.journal()).count()).isEqualTo(2);
    }

    @Test
    void subclassesInheritTheSnapshotsOfTheirSuperclasses() {
        EngineRun run = EngineRun.in(dir);

        run.run(InheritsOrders.class, AddsCustomers.class).testEvents()
                .assertStatistics(stats -> stats.started(3).succeeded(3));

        assertThat(FixtureJournal.named(run.journal()).count()).isEqualTo(2);
    }

    @Test
    void aNestedDeclarationShadowsTheEnclosingOneOfTheSameNameForItsTestsOnly() {
        EngineRun run = EngineRun.in(dir);

        // 2 outer tests, 3 in Redefines, 1 in Deeper: each asserts the tables it got.
        EngineRun.assertAllSucceeded(run.run(ShadowingOuter.class), 6);
        assertThat(FixtureJournal.named(run.journal()).count()).as("one export per declaration").isEqualTo(2);
    }

    @Test
    void otherExtensionsSeeOnlyTheNearerOfTwoSnapshotsOfOneName() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(PublishedShadowing.class), 1);
    }

    @Test
    void twoMeaningsOfOneNameOnATestMethodAndItsClassAreAnErrorNamingBoth() {
        EngineRun run = EngineRun.in(dir);

        Throwable failure = EngineRun.onlyFailure(run.run(SameLevelOuter.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("are named 'shop'")
                .hasMessageContaining("'shop' tables=[orders, customers] on method "
                        + SameLevelOuter.Inner.class.getName() + ".both()")
                .hasMessageContaining("'shop' tables=[customers] on class " + SameLevelOuter.Inner.class.getName())
                .as("the enclosing class's declaration is another level: shadowed, not in conflict")
                .hasMessageNotContaining("tables=[orders] on");
    }

    @Test
    void anOuterInstanceFieldsOwnSnapshotIsNotShadowedByANestedDeclarationOfItsName() {
        EngineRun run = EngineRun.in(dir);

        EngineExecutionResults results = run.run(OuterFieldOneName.class);

        // A nested test runs with the outer instance too, so it uses the outer field's snapshot as well as the
        // nested one: two meanings of 'shop' in one test, not a redefinition. The outer test has only its own.
        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
        String outerField = "'shop' tables=[orders] on field " + OuterFieldOneName.class.getName() + ".orders";
        assertThat(failureIn(results, OuterFieldOneName.ClassDeclares.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("are named 'shop'")
                .hasMessageContaining(outerField)
                .hasMessageContaining("'shop' tables=[customers] on class "
                        + OuterFieldOneName.ClassDeclares.class.getName());
        assertThat(failureIn(results, OuterFieldOneName.FieldDeclares.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("are named 'shop'")
                .hasMessageContaining(outerField)
                .hasMessageContaining("'shop' tables=[customers] on field "
                        + OuterFieldOneName.FieldDeclares.class.getName() + ".customers");
    }

    @Test
    void aSubclassRedefiningAnInheritedNameIsAnErrorNamingTheClassOrInterfaceOfEachDeclaration() {
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).run(RedefinesInherited.class));

        // The inherited declaration is named where it is written, not on the subclass, which holds only one of them.
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("are named 'shop'")
                .hasMessageContaining("'shop' tables=[orders] on class " + NamedOrdersBase.class.getName()
                        + " (inherited by " + RedefinesInherited.class.getName() + ")")
                .hasMessageContaining("'shop' tables=[customers] on class " + RedefinesInherited.class.getName()
                        + "; names must");
        assertThat(EngineRun.onlyFailure(EngineRun.in(dir).run(RedefinesInterfaces.class)))
                .hasMessageContaining("'shop' tables=[orders] on interface " + NamedOrdersInterface.class.getName()
                        + " (inherited by " + RedefinesInterfaces.class.getName() + ")");
    }

    /** The failure of the one test that failed in a class. */
    private static Throwable failureIn(EngineExecutionResults results, Class<?> type) {
        List<Throwable> failures = results.testEvents().failed().stream()
                .filter(event -> event.getTestDescriptor().getSource()
                        .filter(source -> source instanceof MethodSource method
                                && method.getClassName().equals(type.getName()))
                        .isPresent())
                .map(event -> event.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).orElseThrow())
                .toList();
        assertThat(failures).as("failures in " + type.getName()).hasSize(1);
        return failures.get(0);
    }

    @D1Snapshot(name = "shop", tables = "orders")
    static class ShadowingOuter {

        @Test
        void outerKeepsItsOwn(@D1Snapshot(name = "shop") D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("orders");
        }

        @Test
        void outerUnnamed(D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("orders");
        }

        @Nested
        @D1Snapshot(name = "shop", tables = "customers")
        class Redefines {

            @Test
            void nearerWins(@D1Snapshot(name = "shop") D1SnapshotFile snapshot) {
                assertThat(snapshot.tables()).containsExactly("customers");
            }

            @Test
            void theHiddenOneMakesNoAmbiguity(D1SnapshotFile snapshot) {
                assertThat(snapshot.tables()).containsExactly("customers");
            }

            @Test
            void path(@D1Snapshot(name = "shop") Path sql, @D1Snapshot(name = "shop") D1SnapshotFile snapshot) {
                // The fixture provider serves its whole file whatever the tables: the file tells exports apart.
                assertThat(sql).isEqualTo(snapshot.path()).exists();
                assertThat(snapshot.tables()).containsExactly("customers");
            }

            @Nested
            class Deeper {
                @Test
                void nearestEnclosingWins(@D1Snapshot(name = "shop") D1SnapshotFile snapshot) {
                    assertThat(snapshot.tables()).containsExactly("customers");
                }
            }
        }
    }

    @D1Snapshot(name = "shop", tables = "orders")
    static class PublishedShadowing {
        @Nested
        @D1Snapshot(name = "shop", tables = "customers")
        @ExtendWith(NearestShopReader.class)
        class Redefines {
            @Test
            void test() {
            }
        }
    }

    /** Stands for an extension registered after @D1Snapshot that reads the published snapshots. */
    static class NearestShopReader implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            assertThat(D1SnapshotExtension.publishedSnapshot(context, "shop")).get()
                    .extracting(D1SnapshotFile::tables).isEqualTo(List.of("customers"));
            assertThat(D1SnapshotExtension.publishedSnapshots(context)).extracting(D1SnapshotFile::tables)
                    .containsExactly(List.of("customers"));
        }
    }

    @D1Snapshot(name = "shop", tables = "orders")
    static class SameLevelOuter {

        @Test
        void outer(@D1Snapshot(name = "shop") D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("orders");
        }

        @Nested
        @D1Snapshot(name = "shop", tables = "customers")
        class Inner {
            @Test
            @D1Snapshot(name = "shop", tables = {"orders", "customers"})
            void both() {
            }
        }
    }

    static class OuterFieldOneName {
        @D1Snapshot(name = "shop", tables = "orders")
        D1SnapshotFile orders;

        @Test
        void outerKeepsItsOwn() {
            assertThat(orders.tables()).containsExactly("orders");
            assertThat(orders.path()).exists();
        }

        @Nested
        @D1Snapshot(name = "shop", tables = "customers")
        class ClassDeclares {
            @Test
            void test() {
            }
        }

        @Nested
        class FieldDeclares {
            @D1Snapshot(name = "shop", tables = "customers")
            Path customers;

            @Test
            void test() {
            }
        }
    }

    @D1Snapshot(tables = "orders")
    static class Outer {

        @Test
        void outer(D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("orders");
        }

        @Nested
        class Inner {
            @Test
            void enclosingSnapshot(@D1Snapshot D1SnapshotFile snapshot) {
                assertThat(snapshot.tables()).containsExactly("orders");
            }

            @Nested
            @D1Snapshot(name = "customers", tables = "customers")
            class Deeper {
                @Test
                void ownByName(@D1Snapshot(name = "customers") D1SnapshotFile snapshot) {
                    assertThat(snapshot.tables()).containsExactly("customers");
                }

                @Test
                void publishedForOtherExtensions(@D1Snapshot(name = "customers") Path customers) {
                    assertThat(customers).exists();
                }
            }
        }
    }

    @D1Snapshot(tables = "orders")
    abstract static class OrdersBase {
    }

    static class InheritsOrders extends OrdersBase {
        @Test
        void inherited(D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("orders");
        }
    }

    @D1Snapshot(name = "customers", tables = "customers")
    static class AddsCustomers extends OrdersBase {
        @Test
        void own(@D1Snapshot(name = "customers") D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("customers");
        }

        @Test
        void ownPath(@D1Snapshot(name = "customers") Path sql) {
            assertThat(sql).exists();
        }
    }

    @D1Snapshot(name = "shop", tables = "orders")
    abstract static class NamedOrdersBase {
    }

    @D1Snapshot(name = "shop", tables = "customers")
    static class RedefinesInherited extends NamedOrdersBase {
        @Test
        void test() {
        }
    }

    @D1Snapshot(name = "shop", tables = "orders")
    interface NamedOrdersInterface {
    }

    interface ExtendsNamedOrders extends NamedOrdersInterface {
    }

    @D1Snapshot(name = "shop", tables = "customers")
    static class RedefinesInterfaces implements ExtendsNamedOrders {
        @Test
        void test() {
        }
    }
}
