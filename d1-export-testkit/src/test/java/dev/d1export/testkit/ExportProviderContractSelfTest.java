package dev.d1export.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.d1export.spi.ExportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** The TCK applied to the {@code sloppy} provider in its silent mode: no events at all. EngineTestKit only. */
    static class SilentContract extends SloppyContract {

        @Override
        public ExportOptions optionsFor(ContractDatabase database) {
            return ExportOptions.parse(super.optionsFor(database).toUrl() + "?silent=true");
        }
    }

    /**
     * The TCK applied to the {@code sloppy-async} provider, which keeps every rule but one: cancelling the future of
     * {@code exportAsync} does not interrupt the export. Run only through EngineTestKit (nested, so not by Surefire).
     */
    static class NonInterruptingContract implements ExportProviderContract {

        @Override
        public String providerName() {
            return "fixture"; // the name its delegate reports in results and events
        }

        @Override
        public ExportOptions optionsFor(ContractDatabase database) {
            return ExportOptions.parse("d1:sloppy-async:file:" + canned(database));
        }

        @Override
        public ExportOptions optionsForMissingDatabase(Path dir) {
            return ExportOptions.parse("d1:sloppy-async:file:" + dir.resolve("missing.sql"));
        }

        @Override
        public Optional<ExportOptions> slowOptionsFor(ContractDatabase database) {
            return Optional.of(ExportOptions.parse("d1:sloppy-async:file:" + canned(database) + "?delay=10s"));
        }

        @Override
        public Set<ContractFeature> features() {
            return EnumSet.of(ContractFeature.CONCURRENT_EXPORTS);
        }

        private static Path canned(ContractDatabase database) {
            return FixtureProviderContractTest.canned(database);
        }
    }

    /**
     * The TCK applied to the {@code halfwrite} provider, which writes straight to the destination. EngineTestKit
     * only.
     */
    static class HalfWriteContract implements ExportProviderContract {

        @Override
        public String providerName() {
            return "halfwrite";
        }

        @Override
        public ExportOptions optionsFor(ContractDatabase database) {
            return ExportOptions.parse("d1:halfwrite:" + database.file());
        }

        @Override
        public ExportOptions optionsForMissingDatabase(Path dir) {
            return ExportOptions.parse("d1:halfwrite:" + dir.resolve("missing.sqlite"));
        }

        @Override
        public Set<ContractFeature> features() {
            return EnumSet.noneOf(ContractFeature.class);
        }
    }

    /**
     * The TCK applied to the {@code staged} providers: a careful one and three variants that each break one rule.
     * EngineTestKit only.
     */
    static class StagedContract implements ExportProviderContract {

        String name() {
            return "staged";
        }

        @Override
        public String providerName() {
            return name();
        }

        @Override
        public ExportOptions optionsFor(ContractDatabase database) {
            return ExportOptions.parse("d1:" + name() + ":" + database.file());
        }

        @Override
        public ExportOptions optionsForMissingDatabase(Path dir) {
            return ExportOptions.parse("d1:" + name() + ":" + dir.resolve("missing.sqlite"));
        }

        @Override
        public Set<ContractFeature> features() {
            return EnumSet.of(ContractFeature.FILTERS, ContractFeature.TABLE_NAMES,
                    ContractFeature.CONCURRENT_EXPORTS);
        }
    }

    /**
     * The careful {@code staged} provider made to break the one rule named by the engine's configuration parameter
     * {@value #RULE} (its option {@code break}). EngineTestKit only.
     */
    static class BrokenContract extends StagedContract {

        static final String RULE = "d1.contract.break";

        private String rule;

        @RegisterExtension
        final BeforeEachCallback readTheRule = context -> rule = context.getConfigurationParameter(RULE).orElseThrow();

        @Override
        public ExportOptions optionsFor(ContractDatabase database) {
            return ExportOptions.parse(super.optionsFor(database).toUrl() + "?break=" + rule);
        }

        @Override
        public ExportOptions optionsForMissingDatabase(Path dir) {
            return ExportOptions.parse(super.optionsForMissingDatabase(dir).toUrl() + "?break=" + rule);
        }

        @Override
        public Optional<ExportOptions> slowOptionsFor(ContractDatabase database) {
            return Optional.of(optionsFor(database));
        }
    }

    /**
     * The careful {@code staged} provider made to take the one liberty the contract allows named by the engine's
     * configuration parameter {@value #LIBERTY} (its option {@code liberty}). EngineTestKit only.
     */
    static class LibertyContract extends StagedContract {

        static final String LIBERTY = "d1.contract.liberty";

        private String liberty;

        @RegisterExtension
        final BeforeEachCallback readTheLiberty = context -> liberty = context.getConfigurationParameter(LIBERTY)
                .orElseThrow();

        @Override
        public ExportOptions optionsFor(ContractDatabase database) {
            return ExportOptions.parse(super.optionsFor(database).toUrl() + "?liberty=" + liberty);
        }
    }

    /**
     * The careful {@code staged} provider made to refuse a second export while one runs ({@code one-at-a-time}), as
     * a provider that leaves {@link ContractFeature#CONCURRENT_EXPORTS} out of its features may. EngineTestKit only.
     */
    static class OneAtATimeContract extends StagedContract {

        @Override
        public ExportOptions optionsFor(ContractDatabase database) {
            return ExportOptions.parse(super.optionsFor(database).toUrl() + "?break=one-at-a-time");
        }

        @Override
        public Set<ContractFeature> features() {
            return EnumSet.of(ContractFeature.FILTERS, ContractFeature.TABLE_NAMES);
        }
    }

    /** Ignores {@code noSchema} when tables are named. */
    static class NoSchemaWithTablesContract extends StagedContract {
        @Override
        String name() {
            return "staged-noschema";
        }
    }

    /** Sends {@code Finished} before the dump is in place. */
    static class EarlyFinishContract extends StagedContract {
        @Override
        String name() {
            return "staged-earlyfinish";
        }
    }

    /** Leaves a file beside the dump whose name is no temporary's usual one. */
    static class LeftoverContract extends StagedContract {
        @Override
        String name() {
            return "staged-leftover";
        }
    }

    @Test
    void aCarefulProviderPassesAndEachOfThreeSubtlerBreaksFailsExactlyTheCheckForIt() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(StagedContract.class)).execute().testEvents()
                .assertStatistics(s -> s.failed(0).succeeded(30).aborted(1)); // aborted: slowness

        Events noSchema = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NoSchemaWithTablesContract.class)).execute().testEvents();
        noSchema.assertThatEvents().haveExactly(1, event(test("contractHonoursNoSchema"), finishedWithFailure()));
        noSchema.assertStatistics(s -> s.failed(1));

        Events earlyFinish = EngineTestKit.engine("junit-jupiter").selectors(selectClass(EarlyFinishContract.class))
                .execute().testEvents();
        earlyFinish.assertThatEvents().haveExactly(1, event(test("contractDeliversEventsInOrder"),
                finishedWithFailure(message(m -> m.startsWith("Finished comes once the dump is in place")))));
        earlyFinish.assertStatistics(s -> s.failed(1));

        Events leftover = EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeftoverContract.class))
                .execute().testEvents();
        leftover.assertThatEvents()
                .haveExactly(1, event(test("contractExportsTheWholeDatabaseAndDescribesIt"), finishedWithFailure(
                        message(m -> m.startsWith("unexpected file left behind: ") && m.contains(".inprogress")))))
                .haveExactly(1, event(test("contractWritesIntoAFolderUnderItsFileName"), finishedWithFailure()))
                .haveExactly(1, event(test("contractReplacesAPreviousFile"), finishedWithFailure()));
    }

    @ParameterizedTest(name = "break={0} fails {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "bytes | contractExportsTheWholeDatabaseAndDescribesIt | result.bytes() is the file's size",
        "bytes | contractWritesToAStream | result.bytes()",
        "stream-close | contractWritesToAStream | the caller's stream is not closed",
        "stream-unflushed | contractWritesToAStream | the caller's stream is flushed after the dump's last byte",
        "bytes | contractDeliversEventsInOrder | progress stays within the dump",
        "bytes-before-move | contractReplacesAPreviousFile | result.bytes() is the new file's size",
        "bytes-before-move | contractWritesIntoAFolderUnderItsFileName | result.bytes() is the size of the file in"
                + " the folder",
        "filter | contractHonoursTheTableFilter | dump of tables=[users] noData=false",
        "filter | contractHonoursNoData | dump of tables=[posts] noData=true",
        "filter | contractGivesTheHeaderAloneWhenTheFilterMatchesNothing | case-sensitive, unknown names ignored",
        "nodata | contractHonoursNoData | dump of tables=[] noData=true",
        "mkdirs | contractReportsAMissingFolderAsADestinationError | no folder was created",
        "missing-folder-type | contractReportsAMissingFolderAsADestinationError | Unexpected exception type thrown,"
                + " expected: <dev.d1export.spi.DestinationException>",
        "folder-as-file | contractRefusesAFolderDestinationThatIsNotThere | a folder destination that is not there is"
                + " refused ==> Expected dev.d1export.spi.DestinationException to be thrown, but nothing was thrown.",
        "folder-mkdirs | contractRefusesAFolderDestinationThatIsNotThere | unexpected file left behind: ",
        "folder-refused | contractRefusesAFolderDestinationThatIsNotThere | an existing folder destination takes the"
                + " dump ==> Unexpected exception thrown: dev.d1export.spi.DestinationException: Folder destinations"
                + " are not supported",
        "option-message | contractRefusesAnUnknownOptionByName | the message names the option",
        "option-type | contractRefusesAnUnknownOptionByName | an option the provider does not know is refused",
        "closed-message | contractRefusesAnExportAfterClose | the message says the exporter is closed",
        "closed-async | contractRefusesAnExportAfterClose | exportAsync after close() fails with",
        "closed-type | contractRefusesAnExportAfterClose | export after close()",
        "closed-async-throws | contractRefusesAnExportAfterClose | exportAsync after close() returns a failed future"
                + " ==> Unexpected exception thrown: java.lang.IllegalStateException",
        "closed-async-completion | contractRefusesAnExportAfterClose | exportAsync after close() returns a failed"
                + " future ==> Unexpected exception thrown: java.util.concurrent.CompletionException",
        "closed-executor | contractRefusesAnExportAfterClose | exportAsync(request, executor) after close() fails"
                + " with",
        "closed-executor-throws | contractRefusesAnExportAfterClose | exportAsync(request, executor) after close()"
                + " returns a failed future ==> Unexpected exception thrown: java.lang.IllegalStateException",
        "closed-executor-completion | contractRefusesAnExportAfterClose | exportAsync(request, executor) after"
                + " close() returns a failed future ==> Unexpected exception thrown:"
                + " java.util.concurrent.CompletionException",
        "close-aborts | contractLetsAnExportUnderWayFinishAfterClose | the export under way when close() came runs"
                + " to its end, but failed with java.lang.IllegalStateException: the exporter is closed",
        "async-daemon | contractRunsExportAsyncOnAThreadThatIsNotADaemon | exportAsync(request) runs the export on"
                + " a thread that is not a daemon",
        "async-wrap | contractFailsExportAsyncWithTheExceptionExportThrows | exportAsync(request) fails its future"
                + " with the D1ExportException that export throws, itself (not wrapped):"
                + " dev.d1export.spi.ExportFailedException",
        "executor-wrap | contractFailsExportAsyncWithTheExceptionExportThrows | exportAsync(request, executor) fails"
                + " its future with the D1ExportException that export throws, itself (not wrapped):"
                + " java.util.concurrent.CompletionException",
        "async-writes | contractFailsExportAsyncWithTheExceptionExportThrows | exportAsync(request): the previous"
                + " file is untouched",
        "async-leftover | contractFailsExportAsyncWithTheExceptionExportThrows | exportAsync(request): unexpected"
                + " file left behind",
        "executor-writes | contractFailsExportAsyncWithTheExceptionExportThrows | exportAsync(request, executor): the"
                + " previous file is untouched",
        "executor-leftover | contractFailsExportAsyncWithTheExceptionExportThrows | exportAsync(request, executor):"
                + " unexpected file left behind",
        "async-details | contractFailsExportAsyncWithTheExceptionExportThrows | exportAsync(request) fails with the"
                + " details of export's exception, its HTTP status and API error codes",
        "executor-details | contractFailsExportAsyncWithTheExceptionExportThrows | exportAsync(request, executor)"
                + " fails with the details of export's exception, its HTTP status and API error codes",
        // Every time, not only when the exporting thread is slower than the test's: BlockingListener holds the
        // interrupted export until the cancelling thread waits, which this cancel never does.
        "cancel-early | contractCancelsWhenTheFutureIsCancelled | the exporting thread was interrupted when"
                + " cancel(true) returned",
        "cancel-early | contractCancelsEvenWhenCancelIsToldNotToInterrupt | the exporting thread was interrupted"
                + " when cancel(false) returned",
        "executor-flag | contractCancelsWhenTheFutureIsCancelled | the executor's thread is not left interrupted",
        "executor-flag | contractCancelsEvenWhenCancelIsToldNotToInterrupt | the executor's thread is not left"
                + " interrupted",
        "two-started | contractDeliversEventsInOrder | one Started",
        "two-finished | contractDeliversEventsInOrder | one Finished",
        "started-late | contractDeliversEventsInOrder | first event",
        "finished-not-last | contractDeliversEventsInOrder | last event",
        "finished-partial | contractDeliversEventsInOrder | Finished comes once the dump is in place",
        "polls | contractDeliversEventsInOrder | polls are numbered 1, 2, ...",
        "poll-count | contractDeliversEventsInOrder | result.polls() counts the Poll events",
        "progress-back | contractDeliversEventsInOrder | progress never goes back",
        "messages | contractDeliversEventsInOrder | ServerMessage events are result.messages()",
        "listener-wrap | contractLetsAListenerExceptionAbortTheExport | the listener's exception reaches the caller",
        "listener-error | contractLetsAListenerExceptionAbortTheExport | Unexpected exception type thrown, expected:"
                + " <java.lang.RuntimeException>",
        "error-wrap | contractLetsAnErrorFromTheListenerPropagate | an Error thrown by the listener at Started"
                + " reaches the caller ==> Unexpected exception type thrown, expected: <java.lang.Error> but was:"
                + " <dev.d1export.spi.ExportFailedException>",
        "error-rewrap | contractLetsAnErrorFromTheListenerPropagate | the listener's Error at Started propagates as"
                + " it was thrown",
        "error-writes | contractLetsAnErrorFromTheListenerPropagate | the previous file is untouched",
        "error-leftover | contractLetsAnErrorFromTheListenerPropagate | unexpected file left behind",
        "finished-error | contractLetsAnErrorFromTheListenerPropagate | an Error thrown by the listener at Finished"
                + " reaches the caller (only a RuntimeException there is logged and dropped) ==> Expected"
                + " java.lang.Error to be thrown, but nothing was thrown.",
        "pre-interrupt | contractCancelsAnExportCalledOnAnInterruptedThread | the export called on an interrupted"
                + " thread failed with ==> Unexpected null value, expected: <dev.d1export.spi.ExportCancelledException>"
                + " but was: <null>",
        "cancel-type | contractCancelsAnExportCalledOnAnInterruptedThread | the export called on an interrupted"
                + " thread failed with",
        "clear-flag | contractCancelsAnExportCalledOnAnInterruptedThread | the interrupt flag is kept",
        "cancel-writes | contractCancelsAnExportCalledOnAnInterruptedThread | the previous file is untouched",
        "cancel-leftover | contractCancelsAnExportCalledOnAnInterruptedThread | unexpected file left behind",
        // Nothing interrupts that export: the wait's message says what it waited for, not "after the interrupt".
        "close-hangs | contractLetsAnExportUnderWayFinishAfterClose | the export under way when close() came ran to"
                + " its end once let go on within 20000 ms, but still runs",
        "cancel-queued | contractNeverRunsAnExportCancelledBeforeItsExecutorStartedIt | the export never runs once"
                + " its future was cancelled before the executor started it",
        "cancel-false | contractCancelsEvenWhenCancelIsToldNotToInterrupt | the exporting thread was"
                + " interrupted when cancel(false) returned",
        "clear-flag | contractCancelsWhenTheThreadIsInterrupted | the interrupt flag is kept",
        "clear-flag | contractCancelsWhenInterruptedPartway | the interrupt flag is kept",
        "cancel-type | contractCancelsWhenTheThreadIsInterrupted | the export failed with",
        "cancel-type | contractCancelsWhenInterruptedPartway | the export failed with",
        "interrupt-commits | contractCancelsWhenInterruptedPartway | dump of tables=[] noData=false",
        "interrupt-leftover | contractCancelsWhenInterruptedPartway | unexpected file left behind",
        "stream-path | contractWritesToAStream | result.path() for a stream",
        "folder-name | contractWritesIntoAFolderUnderItsFileName | named by result.filename()",
        "path | contractExportsTheWholeDatabaseAndDescribesIt | result.path()",
        "no-header | contractExportsTheWholeDatabaseAndDescribesIt | dump of tables=[] noData=false noSchema=false",
        "provider-name | contractExportsTheWholeDatabaseAndDescribesIt | result.provider()",
        "blank-name | contractExportsTheWholeDatabaseAndDescribesIt | result.filename() is set",
        "no-header | contractWritesToAStream | dump of tables=[] noData=false noSchema=false",
        "folder-beside | contractWritesIntoAFolderUnderItsFileName | the dump is inside the folder",
        "no-header | contractWritesIntoAFolderUnderItsFileName | dump of tables=[] noData=false noSchema=false",
        "folder-stray | contractWritesIntoAFolderUnderItsFileName | unexpected file left behind",
        "no-truncate | contractReplacesAPreviousFile | dump of tables=[] noData=false noSchema=false",
        "noschema-all | contractHonoursNoSchema | dump of tables=[] noData=false noSchema=true",
        "finished-copy | contractDeliversEventsInOrder | Finished carries the returned result",
        "missing-leftover | contractReportsAMissingDatabaseAndKeepsThePreviousFile | unexpected file left behind",
        "missing-type | contractReportsAMissingDatabaseAndKeepsThePreviousFile | Unexpected exception type thrown,"
                + " expected: <dev.d1export.spi.DatabaseNotFoundException>",
        "timeout-writes | contractTimesOutWithATypedError | no dump was written",
        "timeout-type | contractTimesOutWithATypedError | Unexpected exception type thrown, expected:"
                + " <dev.d1export.spi.ExportTimeoutException>",
        "unmatched | contractReportsANameThatMatchesNothing | result.unmatchedTables()",
        "warnings | contractReportsANameThatMatchesNothing | Warning events",
        "result-messages | contractReportsANameThatMatchesNothing | the result's messages hold the notices",
        "schema-only | contractReportsAnIndexInARowsOnlyRequest | result.unmatchedTables()",
        "refusal-message | contractFailsOnANameThatMatchesNothingWhenAsked | expected: <No table or other object",
        "refusal-type | contractFailsOnANameThatMatchesNothingWhenAsked | Unexpected exception type thrown, expected:"
                + " <dev.d1export.spi.InvalidExportRequestException>",
        "refusal-writes | contractFailsOnANameThatMatchesNothingWhenAsked | the previous file is untouched",
        "refusal-leftover | contractFailsOnANameThatMatchesNothingWhenAsked | temporary file left behind",
        // One usual temporary name alone in each test of assertNoTemporaryFiles, so that each name is needed.
        "refusal-hidden | contractFailsOnANameThatMatchesNothingWhenAsked | temporary file left behind",
        "close-part | contractRefusesAnExportAfterClose | temporary file left behind",
        "timeout-tmp | contractTimesOutWithATypedError | temporary file left behind",
        "refusal-filter | contractFailsOnANameThatMatchesNothingWhenAsked | dump of tables=[users] noData=false",
        "cancel-writes | contractCancelsWhenTheThreadIsInterrupted | the previous file is untouched",
        "cancel-leftover | contractCancelsWhenTheThreadIsInterrupted | unexpected file left behind",
        "cancel-leftover | contractCancelsWhenTheFutureIsCancelled | unexpected file left behind",
        "cancel-writes | contractCancelsWhenTheFutureIsCancelled | unexpected file left behind",
        "listener-writes | contractLetsAListenerExceptionAbortTheExport | the previous file is untouched",
        "listener-leftover | contractLetsAListenerExceptionAbortTheExport | unexpected file left behind",
        "listener-folder | contractLetsAListenerExceptionAbortTheExport | unexpected file left behind",
        "partway-leftover | contractKeepsThePreviousFileWhenTheExportFailsPartway | unexpected file left behind",
        "partway-wrap | contractKeepsThePreviousFileWhenTheExportFailsPartway | the listener's exception reaches the",
        "close-writes | contractRefusesAnExportAfterClose | the previous file is untouched",
        "close-leftover | contractRefusesAnExportAfterClose | temporary file left behind",
        "timeout-leftover | contractTimesOutWithATypedError | temporary file left behind",
        "one-at-a-time | contractRunsTwoExportsAtOnce | java.lang.IllegalStateException: another export is running",
        // One rule spoils a.sql, the other b.sql (by name: which starts first is the threads' choice), so that
        // each of the two dump checks is needed.
        "overlap-first | contractRunsTwoExportsAtOnce | dump of tables=[] noData=false noSchema=false",
        "overlap-last | contractRunsTwoExportsAtOnce | dump of tables=[] noData=false noSchema=false",
    })
    void aProviderThatBreaksOneRuleFailsTheCheckForItWithItsMessage(String rule, String check, String message) {
        Events tests = EngineTestKit.engine("junit-jupiter").configurationParameter(BrokenContract.RULE, rule)
                .selectors(selectMethod(BrokenContract.class, check, Path.class.getName())).execute().testEvents();
        tests.assertThatEvents()
                .haveExactly(1, event(test(check), finishedWithFailure(message(m -> m.startsWith(message)))));
    }

    @ParameterizedTest(name = "liberty={0} passes {1}")
    @CsvSource(delimiter = '|', value = {
        "listener-cause | contractLetsAListenerExceptionAbortTheExport",
        "listener-cause | contractKeepsThePreviousFileWhenTheExportFailsPartway",
    })
    void aProviderThatTakesALibertyTheContractAllowsPassesTheCheckForIt(String liberty, String check) {
        Events tests = EngineTestKit.engine("junit-jupiter").configurationParameter(LibertyContract.LIBERTY, liberty)
                .selectors(selectMethod(LibertyContract.class, check, Path.class.getName())).execute().testEvents();
        tests.assertThatEvents().haveExactly(1, event(test(check), finishedSuccessfully()));
    }

    @Test
    void aProviderThatLeavesOutConcurrentExportsIsNotAskedToRunTwoAtOnce() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(OneAtATimeContract.class,
                "contractRunsTwoExportsAtOnce", Path.class.getName())).execute().testEvents();
        tests.assertThatEvents().haveExactly(1, event(test("contractRunsTwoExportsAtOnce"), abortedWithReason(
                message("Assumption failed: the provider runs one export of a database at a time"))));
    }

    @Test
    void theContractFailsAProviderThatWritesInPlaceWhenItFailsPartway() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(HalfWriteContract.class))
                .execute().testEvents();
        tests.assertThatEvents()
                // half a dump where the previous file was, after a listener failed or an interrupt came partway
                .haveExactly(1, event(test("contractKeepsThePreviousFileWhenTheExportFailsPartway"),
                        finishedWithFailure(message(m -> m.startsWith("the previous file is untouched")))))
                .haveExactly(1, event(test("contractCancelsWhenInterruptedPartway"),
                        finishedWithFailure(message(m -> m.startsWith("the previous file is untouched")))))
                // every failure before the first byte leaves the previous file, as it did before the review
                .haveExactly(1, event(test("contractReportsAMissingDatabaseAndKeepsThePreviousFile"),
                        finishedSuccessfully()))
                .haveExactly(1, event(test("contractLetsAListenerExceptionAbortTheExport"), finishedSuccessfully()))
                .haveExactly(1, event(test("contractCancelsWhenTheThreadIsInterrupted"), finishedSuccessfully()));
        tests.assertStatistics(s -> s.failed(2));
    }

    @Test
    void theContractFailsAProviderWhoseCancelledFutureDoesNotInterruptTheExport() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NonInterruptingContract.class))
                .execute().testEvents();
        tests.assertThatEvents()
                // for the right reason: the interrupt never reached the export (not a timeout race)
                .haveExactly(1, event(test("contractCancelsWhenTheFutureIsCancelled"), finishedWithFailure(
                        message(m -> m.startsWith("the exporting thread was interrupted when cancel(true) returned")))))
                .haveExactly(1, event(test("contractCancelsEvenWhenCancelIsToldNotToInterrupt"),
                        finishedWithFailure(message(m -> m.startsWith(
                                "the exporting thread was interrupted when cancel(false) returned")))))
                // the one broken rule fails only the two cancel checks: every other contract test passes or is skipped
                .haveExactly(1, event(test("contractCancelsWhenTheThreadIsInterrupted"), finishedSuccessfully()))
                .haveExactly(1, event(test("contractExportsTheWholeDatabaseAndDescribesIt"), finishedSuccessfully()));
        tests.assertStatistics(s -> s.failed(2).succeeded(22).aborted(7)); // aborted: the features it lacks
    }

    @Test
    void aProviderThatSendsNoEventsIsToldSoAndTheCancelContractsDoNotWaitForAStartedThatCannotCome() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SilentContract.class)).execute()
                .testEvents();
        tests.assertThatEvents()
                .haveExactly(1, event(test("contractDeliversEventsInOrder"), finishedWithFailure(message(
                        "events were delivered to the request's listener ==> expected: <true> but was: <false>"))))
                .haveExactly(1, event(test("contractCancelsWhenTheThreadIsInterrupted"), finishedWithFailure(
                        message(m -> m.startsWith("the export ended without sending ExportEvent.Started")))))
                .haveExactly(1, event(test("contractCancelsWhenTheFutureIsCancelled"), finishedWithFailure(
                        message(m -> m.startsWith("the export ended without sending ExportEvent.Started")))));
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
                // close() is the SPI's do-nothing default: the closed exporter overwrote the previous file
                .haveExactly(1, event(test("contractRefusesAnExportAfterClose"), finishedWithFailure(
                        message(m -> m.startsWith("export after close()")))))
                // what the sloppy provider does get right still passes
                .haveExactly(1, event(test("contractReplacesAPreviousFile"), finishedSuccessfully()));
    }
}
