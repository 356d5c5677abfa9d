package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.InvalidOptionException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;

/** Each misuse fails with a precise, typed error naming what is wrong. */
class InjectionErrorTest {

    @TempDir
    Path dir;

    private Throwable failureOf(Class<?> fixture) {
        return EngineRun.onlyFailure(EngineRun.in(dir).run(fixture));
    }

    /** A token pasted where the account id goes: neither the failure nor a log line shows it. */
    @Test
    void aTokenPastedAsTheAccountIdIsShownNowhere() {
        int before = RecordingLoggerFinder.lines().size();

        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir)
                .with(D1Snapshot.PROPERTY_PREFIX + "api-token", "junit-token").run(TokenAsAccount.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("d1:cloudflare://****/shop").hasMessageNotContaining(PASTED_TOKEN);
        List<String> lines = RecordingLoggerFinder.lines();
        assertThat(lines.subList(before, lines.size())).noneMatch(line -> line.contains(PASTED_TOKEN));
    }

    @Test
    void parameterOfAnotherType() {
        assertThat(failureOf(WrongParameterType.class)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("parameter sql of").hasMessageContaining("java.nio.file.Path")
                .hasMessageContaining("not java.lang.String");
    }

    @Test
    void parameterWithNothingDeclared() {
        assertThat(failureOf(NothingDeclared.class)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("No @D1Snapshot is declared on the test method, its class or an enclosing class")
                .hasMessageContaining("parameter sql")
                .hasMessageEndingWith("or give this annotation attributes (e.g. tables) to declare its own");
    }

    @Test
    void snapshotParameterWithNothingDeclared() {
        assertThat(failureOf(SnapshotTypeNothingDeclared.class)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("No @D1Snapshot is declared").hasMessageContaining("parameter snapshot")
                .as("it has no annotation to give attributes to").hasMessageEndingWith(
                        "or annotate it with @D1Snapshot and attributes (e.g. tables) to declare its own");
    }

    @Test
    void severalCandidatesWithoutName() {
        assertThat(failureOf(Ambiguous.class)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("could mean 2 snapshots").hasMessageContaining("tables=[orders]")
                .hasMessageContaining("tables=[customers]").hasMessageContaining("@D1Snapshot(name = \"...\")");
    }

    @Test
    void unknownName() {
        assertThat(failureOf(UnknownName.class)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("No @D1Snapshot named 'invoices'")
                .hasMessageContaining("'orders' tables=[orders]");
    }

    @Test
    void twoAnnotationsOnOneParameter() {
        assertThat(failureOf(TwoOnParameter.class)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("has 2 @D1Snapshot annotations");
    }

    @Test
    void plainPathIsNeverClaimed() {
        assertThat(failureOf(PlainPath.class)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("No ParameterResolver registered for parameter [java.nio.file.Path");
    }

    @Test
    void fieldOfAnotherType() {
        assertThat(failureOf(WrongFieldType.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("field " + WrongFieldType.class.getName() + ".sql")
                .hasMessageContaining("not java.io.File");
    }

    @Test
    void finalField() {
        assertThat(failureOf(FinalField.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(".snapshot must not be final");
    }

    @Test
    void finalFieldThatDeclaresItsOwnSnapshot() {
        // No class-level declaration: on JUnit 5.10 only the field's annotation registers the extension.
        assertThat(failureOf(OwnFinalField.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(".orders must not be final");
    }

    @Test
    void fieldWithNothingDeclared() {
        assertThat(failureOf(FieldNothingDeclared.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("No @D1Snapshot is declared on the class or an enclosing class for field");
    }

    @Test
    void noUrlAnywhere() {
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).with(D1Snapshot.URL_PROPERTY_NAME, null)
                .run(NothingButTables.class));

        // The environment might define the default: then this test is about nothing.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(D1Snapshot.URL_ENVIRONMENT_VARIABLE) == null);
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("has no url").hasMessageContaining("d1.snapshot.url")
                .hasMessageContaining("D1_SNAPSHOT_URL");
    }

    @Test
    void malformedUrl() {
        assertThat(failureOf(MalformedUrl.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("jdbc:sqlite:x");
    }

    @Test
    void misspeltProviderOptionNamesTheDeclaration() {
        assertThat(failureOf(MisspeltOption.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@D1Snapshot tables=all url=" + MISSPELT + " on parameter sql of ")
                .hasMessageContaining("Unknown option 'jurnal'").hasCauseInstanceOf(InvalidOptionException.class);
    }

    @Test
    void misspeltProviderOptionNamesEachDeclarationThatSharesTheExport() {
        // One export for both parameters: its failure is kept and thrown again, each time naming the declaration.
        List<Throwable> failures = EngineRun.failures(EngineRun.in(dir).run(MisspeltOptionTwice.class));

        assertThat(failures).hasSize(2).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("Unknown option 'jurnal'"));
        assertThat(failures).anySatisfy(failure -> assertThat(failure).hasMessageContaining("on parameter first of"));
        assertThat(failures).anySatisfy(failure -> assertThat(failure).hasMessageContaining("on parameter second of"));
    }

    @Test
    void secretsInTheUrlAreMaskedInTheError() {
        for (Class<?> fixture : List.of(SecretInQuery.class, SecretInUserInfo.class, SecretInEncodedKey.class,
                SecretInFragment.class)) {
            Throwable failure = failureOf(fixture);
            assertThat(failure).as(fixture.getSimpleName()).isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageContaining("****");
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(t.toString()).as(fixture.getSimpleName()).doesNotContain(SECRET);
            }
        }
        assertThat(failureOf(SecretInQuery.class)).hasMessageContaining("url=" + EngineRun.SHOP
                + "?journal=redaction&api-token=****&tables=x on class");
        assertThat(failureOf(SecretInUserInfo.class)).hasMessageContaining("url=d1:fixture://****@host/db on");
    }

    @Test
    void unknownProvider() {
        assertThat(failureOf(UnknownProvider.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("nope").hasMessageContaining("fixture");
    }

    @Test
    void twoDifferentSnapshotsWithOneName() {
        assertThat(failureOf(DuplicateNames.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("are named 'shop'")
                .hasMessageContaining("declarations on class " + DuplicateNames.class.getName() + " are named");
    }

    @Test
    void twoFieldsDeclaringDifferentSnapshotsUnderOneNameAreAnErrorNamingBoth() {
        Throwable failure = failureOf(TwoFieldsOneName.class);

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("are named 'shop'")
                .hasMessageContaining("'shop' tables=[orders] on field " + TwoFieldsOneName.class.getName() + ".orders")
                .hasMessageContaining("'shop' tables=[customers] on field " + TwoFieldsOneName.class.getName()
                        + ".customers");
    }

    @Test
    void twoParametersDeclaringDifferentSnapshotsUnderOneNameAreAnErrorNamingBoth() {
        Throwable failure = failureOf(TwoParametersOneName.class);

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("are named 'shop'")
                .hasMessageContaining("'shop' tables=[orders] on parameter orders of ")
                .hasMessageContaining("'shop' tables=[customers] on parameter customers of ");
    }

    @Test
    void identicalDeclarationsUnderOneNameStayOneSnapshot() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(IdenticalFieldsAndParameterOneName.class), 1);
    }

    @Test
    void noDataWithNoSchema() {
        assertThat(failureOf(NothingToExport.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("both noData and noSchema");
    }

    @Test
    void invalidCleanupMode() {
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "sometimes")
                .run(NothingButTables.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("d1.snapshot.cleanup").hasMessageContaining("'sometimes'");
    }

    static class WrongParameterType {
        @Test
        void test(@D1Snapshot(tables = "orders") String sql) {
        }
    }

    static class NothingDeclared {
        @Test
        void test(@D1Snapshot Path sql) {
        }
    }

    /** Registered explicitly: without any @D1Snapshot nothing registers the extension at all. */
    @org.junit.jupiter.api.extension.ExtendWith(D1SnapshotExtension.class)
    static class SnapshotTypeNothingDeclared {
        @Test
        void test(D1SnapshotFile snapshot) {
        }
    }

    @D1Snapshot(tables = "orders")
    @D1Snapshot(tables = "customers")
    static class Ambiguous {
        @Test
        void test(@D1Snapshot Path sql) {
        }
    }

    @D1Snapshot(name = "orders", tables = "orders")
    static class UnknownName {
        @Test
        void test(@D1Snapshot(name = "invoices") Path sql) {
        }
    }

    @D1Snapshot(name = "orders", tables = "orders")
    static class TwoOnParameter {
        @Test
        void test(@D1Snapshot(name = "orders") @D1Snapshot(tables = "customers") Path sql) {
        }
    }

    @D1Snapshot(tables = "orders")
    static class PlainPath {
        @Test
        void test(Path sql) {
        }
    }

    static final String PASTED_TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab";

    @D1Snapshot(url = "d1:cloudflare://" + PASTED_TOKEN + "/shop")
    static class TokenAsAccount {
        @Test
        void test(@D1Snapshot Path sql) {
        }
    }

    @D1Snapshot(tables = "orders")
    static class WrongFieldType {
        @D1Snapshot
        java.io.File sql;

        @Test
        void test() {
        }
    }

    static class OwnFinalField {
        @D1Snapshot(tables = "orders")
        final Path orders = Path.of("assigned-by-the-test");

        @Test
        void test() {
        }
    }

    @D1Snapshot(tables = "orders")
    static class FinalField {
        @D1Snapshot
        final D1SnapshotFile snapshot = null;

        @Test
        void test() {
        }
    }

    static class FieldNothingDeclared {
        @D1Snapshot
        Path sql;

        @Test
        void test() {
        }
    }

    @D1Snapshot(tables = "orders")
    static class NothingButTables {
        @Test
        void test() {
        }
    }

    @D1Snapshot(url = "jdbc:sqlite:x")
    static class MalformedUrl {
        @Test
        void test() {
        }
    }

    private static final String MISSPELT = EngineRun.SHOP + "?jurnal=x";

    static class MisspeltOption {
        @Test
        void test(@D1Snapshot(url = MISSPELT) Path sql) {
        }
    }

    static class MisspeltOptionTwice {
        @Test
        void a(@D1Snapshot(url = MISSPELT) Path first) {
        }

        @Test
        void b(@D1Snapshot(url = MISSPELT) Path second) {
        }
    }

    private static final String SECRET = "hunter2-very-secret";

    @D1Snapshot(url = EngineRun.SHOP + "?journal=redaction&api-token=" + SECRET + "&tables=x", tables = "orders")
    static class SecretInQuery {
        @Test
        void test() {
        }
    }

    @D1Snapshot(url = "d1:fixture://admin:" + SECRET + "@host/db", tables = "orders")
    static class SecretInUserInfo {
        @Test
        void test() {
        }
    }

    @D1Snapshot(url = EngineRun.SHOP + "?API%2DToken=" + SECRET, tables = "orders")
    static class SecretInEncodedKey {
        @Test
        void test() {
        }
    }

    @D1Snapshot(url = EngineRun.SHOP + "#password=" + SECRET, tables = "orders")
    static class SecretInFragment {
        @Test
        void test() {
        }
    }

    @D1Snapshot(url = "d1:nope:anything")
    static class UnknownProvider {
        @Test
        void test() {
        }
    }

    @D1Snapshot(name = "shop", tables = "orders")
    @D1Snapshot(name = "shop", tables = "customers")
    static class DuplicateNames {
        @Test
        void test() {
        }
    }

    @D1Snapshot(noData = true, noSchema = true)
    static class NothingToExport {
        @Test
        void test() {
        }
    }

    static class TwoFieldsOneName {
        @D1Snapshot(name = "shop", tables = "orders")
        Path orders;

        @D1Snapshot(name = "shop", tables = "customers")
        Path customers;

        @Test
        void test() {
        }
    }

    static class TwoParametersOneName {
        @Test
        void test(@D1Snapshot(name = "shop", tables = "orders") Path orders,
                @D1Snapshot(name = "shop", tables = "customers") Path customers) {
        }
    }

    @ExtendWith(ShopReader.class)
    static class IdenticalFieldsAndParameterOneName {
        @D1Snapshot(name = "shop", tables = {"orders", "customers"})
        Path first;

        @D1Snapshot(name = "shop", tables = {"customers", "orders", "customers"})
        D1SnapshotFile second;

        @Test
        void test(@D1Snapshot(name = "shop", tables = {"customers", "orders"}) Path parameter) {
            assertThat(parameter).isEqualTo(first).isEqualTo(second.path());
        }
    }

    /** Stands for an extension registered after @D1Snapshot that reads the published snapshot. */
    static class ShopReader implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            assertThat(D1SnapshotExtension.publishedSnapshot(context, "shop")).get()
                    .extracting(D1SnapshotFile::tables).isEqualTo(List.of("customers", "orders"));
        }
    }
}
