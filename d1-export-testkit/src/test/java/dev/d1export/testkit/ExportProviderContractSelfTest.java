package dev.d1export.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;

import dev.d1export.spi.ExportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The TCK is not a rubber stamp: run (with JUnit's EngineTestKit) against a provider that breaks the contract, the
 * tests that check each broken rule fail, while those the provider happens to satisfy pass.
 */
class ExportProviderContractSelfTest {

    /** The TCK applied to the {@code sloppy} provider; run only through EngineTestKit (nested, so not by Surefire). */
    static class SloppyContract implements ExportProviderContract {

        @Override
        public String providerName() {
            return "sloppy";
        }

        @Override
        public ExportOptions optionsFor(ContractDatabase database) {
            Path file = database.folder().resolve("canned.sql");
            try {
                Files.writeString(file, database.fullDump(true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ExportOptions.parse("d1:sloppy:" + file);
        }

        @Override
        public ExportOptions optionsForMissingDatabase(Path dir) {
            return ExportOptions.parse("d1:sloppy:" + dir.resolve("missing.sql"));
        }

        @Override
        public Set<ContractFeature> features() {
            return EnumSet.noneOf(ContractFeature.class);
        }
    }

    @Test
    void theContractFailsABrokenProviderWhereItBreaksTheRules() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SloppyContract.class)).execute()
                .testEvents();
        tests.assertThatEvents()
                // wrong provider name in the result
                .haveExactly(1, event(test("contractExportsTheWholeDatabaseAndDescribesIt"), finishedWithFailure()))
                // the destination was truncated before the missing source was noticed
                .haveExactly(1, event(test("contractReportsAMissingDatabaseAndKeepsThePreviousFile"),
                        finishedWithFailure()))
                // unknown options accepted
                .haveExactly(1, event(test("contractRefusesAnUnknownOptionByName"), finishedWithFailure()))
                // listener exception swallowed
                .haveExactly(1, event(test("contractLetsAListenerExceptionAbortTheExport"), finishedWithFailure()))
                // interrupt ignored: the dump was written anyway
                .haveExactly(1, event(test("contractCancelsWhenTheThreadIsInterrupted"), finishedWithFailure()))
                .haveExactly(1, event(test("contractCancelsWhenTheFutureIsCancelled"), finishedWithFailure()))
                // Started names another provider
                .haveExactly(1, event(test("contractDeliversEventsInOrder"), finishedWithFailure()))
                // what the sloppy provider does get right still passes
                .haveExactly(1, event(test("contractReplacesAPreviousFile"), finishedSuccessfully()));
    }
}
