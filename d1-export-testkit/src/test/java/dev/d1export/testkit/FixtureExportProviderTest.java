package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.d1export.spi.AuthenticationException;
import dev.d1export.spi.D1Export;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ExportBusyException;
import java.util.concurrent.atomic.AtomicReference;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidExportUrlException;
import dev.d1export.spi.InvalidOptionException;
import dev.d1export.spi.MissingCredentialsException;
import dev.d1export.spi.PermissionDeniedException;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.RateLimitedException;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FixtureExportProviderTest {

    private static final String USERS_SQL = "PRAGMA defer_foreign_keys=TRUE;\n"
            + "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO \"users\" VALUES(1,'ada');";

    @TempDir
    Path dir;

    @Test
    void aListOfProvidersShowsItsName() {
        assertThat(new FixtureExportProvider()).hasToString("FixtureExportProvider{fixture}");
    }

    @Test
    void exportsAClasspathFixtureThroughTheFacadeAndRecordsTheRequest() throws Exception {
        FixtureJournal journal = FixtureJournal.named("facade-test");
        journal.clear();
        Path out = dir.resolve("users.sql");
        List<ExportEvent> events = new ArrayList<>();
        ExportResult result;
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?journal=facade-test&bookmark=b1")) {
            result = exporter.export(ExportRequest.builder().tables("users").noData(false).destination(out)
                    .listener(events::add).build());
        }
        assertThat(Files.readString(out)).isEqualTo(USERS_SQL);
        assertThat(result.provider()).isEqualTo("fixture");
        assertThat(result.path()).contains(out.toAbsolutePath());
        assertThat(result.bytes()).isEqualTo(USERS_SQL.getBytes(StandardCharsets.UTF_8).length);
        assertThat(result.bookmark()).contains("b1");
        assertThat(events.get(0)).isInstanceOf(ExportEvent.Started.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(ExportEvent.Finished.class);
        assertThat(journal.requests()).singleElement().satisfies(r -> {
            assertThat(r.tables()).containsExactly("users");
            assertThat(r.options().provider()).isEqualTo("fixture");
        });
        assertThat(dir).isDirectoryContaining(p -> p.equals(out)).satisfies(d -> assertThat(Files.list(d)).hasSize(1));
    }

    @Test
    void theJournalRecordsTheDestinationsKindAFolderAFileOrAStream() throws Exception {
        FixtureJournal journal = FixtureJournal.named("destination-kinds");
        journal.clear();
        Path folder = Files.createDirectory(dir.resolve("backups"));
        Path file = dir.resolve("users.sql");
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?journal=destination-kinds")) {
            exporter.export(ExportRequest.builder().destination(ExportDestination.folder(folder)).build());
            exporter.export(ExportRequest.builder().destination(ExportDestination.folder(folder).withoutSync()).build());
            exporter.export(ExportRequest.builder().destination(ExportDestination.file(file)).build());
            // A file destination that names an existing folder also writes inside it, but is not a folder destination.
            exporter.export(ExportRequest.builder().destination(ExportDestination.file(folder)).build());
            exporter.export(ExportRequest.builder().destination(new ByteArrayOutputStream()).build());
        }
        assertThat(Files.readString(folder.resolve("users.sql"))).isEqualTo(USERS_SQL);
        assertThat(Files.readString(file)).isEqualTo(USERS_SQL);
        assertThat(journal.requests()).extracting(RecordedRequest::file, RecordedRequest::folder, RecordedRequest::synced)
                .containsExactly(tuple(folder, true, true), tuple(folder, true, false), tuple(file, false, true),
                        tuple(folder, false, true), tuple(null, false, false));
    }

    @Test
    void theConstructorWithoutFolderRecordsAFileOrStreamDestination() {
        RecordedRequest request = new RecordedRequest(ExportOptions.parse("d1:fixture:classpath:x.sql"), List.of(),
                false, false, false, dir, true, Instant.EPOCH, "main");
        assertThat(request.folder()).isFalse();
        assertThat(request.file()).isEqualTo(dir);
        assertThat(request.synced()).isTrue();
    }

    @Test
    void exportsAFileFixtureToAStream() throws Exception {
        Path fixture = dir.resolve("canned.sql");
        Files.writeString(fixture, "PRAGMA defer_foreign_keys=TRUE;");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (Exporter exporter = D1Export.open("d1:fixture:file:" + fixture)) {
            ExportResult result = exporter.export(ExportRequest.builder().destination(sink).build());
            assertThat(result.path()).isEmpty();
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;");
    }

    @Test
    void aFailingStreamDestinationIsADestinationError() {
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql")) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(broken).build()))
                    .isInstanceOf(dev.d1export.spi.DestinationException.class)
                    .hasMessageContaining("No space left on device");
        }
    }

    @Test
    void journalsCanBeRemoved() throws Exception {
        FixtureJournal.named("removable").record(RecordedRequest.of(
                dev.d1export.spi.ExportOptions.parse("d1:fixture:classpath:x"),
                ExportRequest.builder().destination(dir.resolve("x")).build()));
        assertThat(FixtureJournal.named("removable").count()).isEqualTo(1);
        FixtureJournal.remove("removable");
        assertThat(FixtureJournal.named("removable").count()).isZero();
    }

    @Test
    void aMissingFixtureIsNotFoundAndWritesNothing() {
        Path out = dir.resolve("x.sql");
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/absent.sql")) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out).build()))
                    .isInstanceOf(DatabaseNotFoundException.class).hasMessageContaining("fixtures/absent.sql");
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aDownloadFailureIsSimulatedForAnEmptyFixtureToo() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.sql"));
        Path out = dir.resolve("out.sql");
        try (Exporter exporter = D1Export.open("d1:fixture:file:" + empty + "?fail=download")) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out).build()))
                    .isInstanceOf(DownloadFailedException.class).hasMessageContaining("after 0 bytes");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void anInterruptThatLandsInAWriteIsACancellationNotAWriteError() throws Exception {
        // 8 MiB: many writes, so the interrupt set by the first progress event lands in the next one.
        Path big = Files.write(dir.resolve("big.sql"), new byte[8 << 20]);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try (Exporter exporter = D1Export.open("d1:fixture:file:" + big)) {
                exporter.export(ExportRequest.builder().destination(out).listener(event -> {
                    if (event instanceof ExportEvent.DownloadProgress) {
                        Thread.currentThread().interrupt();
                    }
                }).build());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        worker.join(30_000);
        assertThat(failure.get()).isInstanceOf(ExportCancelledException.class);
        assertThat(Files.readString(out)).isEqualTo("previous");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(out, big);
        }
    }

    @Test
    void aFailureMidwayKeepsThePreviousFileAndLeavesNoTemporaryFile() throws Exception {
        Path out = dir.resolve("users.sql");
        Files.writeString(out, "previous");
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?fail=download")) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out).build()))
                    .isInstanceOf(DownloadFailedException.class);
        }
        assertThat(Files.readString(out)).isEqualTo("previous");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void cancellingTheFutureInterruptsTheExport() throws Exception {
        Path out = dir.resolve("users.sql");
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?delay=30s")) {
            CompletableFuture<ExportResult> future = exporter.exportAsync(ExportRequest.builder().destination(out).build());
            Thread.sleep(100);
            assertThat(future.cancel(true)).isTrue();
            assertThat(future).isCancelled();
        }
        // The worker ends promptly once interrupted: nothing is ever written.
        Thread.sleep(200);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void interruptingTheCallingThreadCancels() {
        Path out = dir.resolve("users.sql");
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?delay=30s")) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out).build()))
                    .isInstanceOf(ExportCancelledException.class);
            assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aTimeoutShorterThanTheExportFails() {
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?delay=5s")) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("u.sql"))
                    .timeout(Duration.ofMillis(50)).build())).isInstanceOf(ExportTimeoutException.class);
        }
    }

    @Test
    void aTimeoutEndsTheExportOnlyOnceItHasPassedAndNamesItsLength() {
        // The fixture stands in for a slow export: a caller's timeout must cost the time it says, as a real one
        // does, not fail at once (a test of a caller's timeout handling would otherwise pass without waiting).
        long start = System.nanoTime();
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?delay=30s")) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("u.sql"))
                    .timeout(Duration.ofMillis(300)).build())).isInstanceOf(ExportTimeoutException.class)
                    .hasMessageContaining("did not finish within 300ms");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited out the timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aDelayAsLongAsTheTimeoutIsNotATimeoutAndTheExportTakesTheDelay() throws Exception {
        Path out = dir.resolve("users.sql");
        long start = System.nanoTime();
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?delay=300ms")) {
            exporter.export(ExportRequest.builder().destination(out).timeout(Duration.ofMillis(300)).build());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the export took its delay")
                .isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(Files.readString(out)).isEqualTo(USERS_SQL);
    }

    @Test
    void downloadProgressCountsTheBytesWrittenSoFar() throws Exception {
        // More than one 64 KiB chunk, so that each event's count is the running total, not the chunk's size.
        Path fixture = dir.resolve("big.sql");
        Files.write(fixture, new byte[150_000]);
        List<Long> progress = new ArrayList<>();
        try (Exporter exporter = D1Export.open("d1:fixture:file:" + fixture)) {
            exporter.export(ExportRequest.builder().destination(new ByteArrayOutputStream()).listener(event -> {
                if (event instanceof ExportEvent.DownloadProgress p) {
                    progress.add(p.bytes());
                }
            }).build());
        }
        assertThat(progress).containsExactly(65_536L, 131_072L, 150_000L);
    }

    /**
     * As the sqlite and cloudflare providers do, an empty dump is still reported by a {@code DownloadProgress} of its
     * size, 0, before {@code Finished}: a listener that shows the bytes written need not tell an empty dump from a
     * provider that reports none.
     */
    @Test
    void anEmptyFixtureReportsItsZeroBytesBeforeFinished() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.sql"));
        List<ExportEvent> events = new ArrayList<>();
        try (Exporter exporter = D1Export.open("d1:fixture:file:" + empty)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events::add).build());
        }
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOf(ExportEvent.Started.class);
        assertThat(events.get(1)).isEqualTo(new ExportEvent.DownloadProgress(0, -1));
        assertThat(events.get(2)).isInstanceOfSatisfying(ExportEvent.Finished.class,
                finished -> assertThat(finished.result().bytes()).isZero());
    }

    @Test
    void requiredCredentialsAreCheckedAndNeverShown() throws Exception {
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?auth=required")) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("u.sql")).build()))
                    .isInstanceOf(MissingCredentialsException.class).hasMessageContaining("api-token")
                    .satisfies(e -> assertThat(((MissingCredentialsException) e).details().hint())
                            .hasValueSatisfying(hint -> assertThat(hint).contains("api-token")
                                    .contains("auth=required").doesNotContain("CLOUDFLARE_API_TOKEN")));
        }
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?auth=required",
                Map.of("api-token", "s3cr3t-value"))) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("u.sql")).build());
        }
        assertThat(FixtureJournal.defaultJournal().requests().toString()).doesNotContain("s3cr3t-value");
        assertThat(Files.readString(dir.resolve("u.sql"))).isEqualTo(USERS_SQL);
    }

    /**
     * A blank token is none, as the cloudflare provider takes it: a CI job whose secret is not given to it (a pull
     * request from a fork) sets the variable empty, and the tests must then skip, not run as if it had a token.
     */
    @Test
    void aBlankTokenIsNoTokenAsForTheCloudflareProvider() throws Exception {
        for (String blank : new String[] {"", "  "}) {
            try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?auth=required",
                    Map.of("api-token", blank))) {
                assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("u.sql"))
                        .build())).as("api-token '%s'", blank).isInstanceOf(MissingCredentialsException.class)
                        .hasMessageContaining("api-token");
            }
        }
        assertThat(dir.resolve("u.sql")).doesNotExist();
    }

    @Test
    void aMisspeltAuthValueIsRefusedWithTheAllowedValues() {
        assertThatThrownBy(() -> D1Export.open("d1:fixture:classpath:fixtures/users.sql?auth=requierd"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'auth'")
                .hasMessageContaining("requierd").hasMessageContaining("one of none, required");
    }

    @Test
    void authNoneNeedsNoCredentials() throws Exception {
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?auth=none")) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("u.sql")).build());
        }
        assertThat(Files.readString(dir.resolve("u.sql"))).isEqualTo(USERS_SQL);
    }

    @Test
    void theFilenameIsTheFixturesOwnWithoutTheClasspathPrefix() throws Exception {
        ExportResult result;
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:top-level-users.sql")) {
            result = exporter.export(ExportRequest.builder().destination(dir).build());
        }
        assertThat(result.filename()).isEqualTo("top-level-users.sql");
        assertThat(result.path()).contains(dir.resolve("top-level-users.sql").toAbsolutePath());
        assertThat(Files.readString(dir.resolve("top-level-users.sql"))).isEqualTo(USERS_SQL);
    }

    @Test
    void theFilenameIsTheFixturesOwnWithoutTheFilePrefix() throws Exception {
        // A path relative to the working directory, with no folder in it: the case where the prefix showed.
        Path local = Path.of("fixture-" + System.nanoTime() + ".sql");
        Files.writeString(local, USERS_SQL);
        try {
            ExportResult result;
            try (Exporter exporter = D1Export.open("d1:fixture:file:" + local)) {
                result = exporter.export(ExportRequest.builder().destination(dir).build());
            }
            assertThat(result.filename()).isEqualTo(local.toString());
            assertThat(Files.readString(dir.resolve(local.toString()))).isEqualTo(USERS_SQL);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    @Test
    void badTargetsAndOptionsAreRejectedByName() {
        assertThatThrownBy(() -> D1Export.open("d1:fixture:ftp:users.sql"))
                .isInstanceOf(InvalidExportUrlException.class).hasMessageContaining("ftp:users.sql");
        assertThatThrownBy(() -> D1Export.open("d1:fixture:classpath:"))
                .isInstanceOf(InvalidExportUrlException.class).hasMessageContaining("classpath location is empty");
        assertThatThrownBy(() -> D1Export.open("d1:fixture:classpath:x.sql?delay=soon"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("delay").hasMessageContaining("soon");
        assertThatThrownBy(() -> D1Export.open("d1:fixture:classpath:x.sql?dealy=1s"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("Unknown option 'dealy'");
    }

    @Test
    void aTokenPastedAsTheFixtureIsShownMaskedAsTheUrlIs() throws Exception {
        String token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd";
        assertThatThrownBy(() -> D1Export.open("d1:fixture:" + token))
                .isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("got '****'")
                .hasMessageNotContaining(token);
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:" + token)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                    .build()))
                    .isInstanceOf(DatabaseNotFoundException.class)
                    .hasMessage("Fixture resource **** is not on the class path");
        }
        try (Exporter exporter = D1Export.open("d1:fixture:file:" + token)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                    .build()))
                    .isInstanceOf(DatabaseNotFoundException.class)
                    .hasMessage("Fixture file **** does not exist");
        }
    }

    @Test
    void declaresItsOptionsWithOnlyTheTokenSecretAndDescribesBothKindsOfTarget() {
        FixtureExportProvider provider = new FixtureExportProvider();
        assertThat(provider.supportedOptions()).extracting(ExportOption::name)
                .containsExactly("journal", "delay", "fail", "auth", "api-token", "bookmark");
        assertThat(provider.supportedOptions()).filteredOn(ExportOption::sensitive).extracting(ExportOption::name)
                .containsExactly("api-token");
        assertThat(provider.description()).contains("d1:fixture:classpath:").contains("d1:fixture:file:");
    }

    /** The SPI exception each {@code fail=} family is thrown as (its Javadoc's promise). */
    private static final Map<FixtureFailure, Class<? extends D1ExportException>> FAMILIES = Map.of(
            FixtureFailure.AUTHENTICATION, AuthenticationException.class,
            FixtureFailure.PERMISSION, PermissionDeniedException.class,
            FixtureFailure.NOT_FOUND, DatabaseNotFoundException.class,
            FixtureFailure.RATE_LIMITED, RateLimitedException.class,
            FixtureFailure.EXPORT_FAILED, ExportFailedException.class,
            FixtureFailure.BUSY, ExportBusyException.class,
            FixtureFailure.TIMEOUT, ExportTimeoutException.class,
            FixtureFailure.PROTOCOL, ProtocolViolationException.class);

    @ParameterizedTest
    @EnumSource(value = FixtureFailure.class, names = "DOWNLOAD", mode = EnumSource.Mode.EXCLUDE)
    void eachSimulatedFailureIsThrownAsItsFamilysExceptionBeforeAnythingIsWritten(FixtureFailure failure) {
        String name = failure.name().toLowerCase(Locale.ROOT).replace('_', '-');
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:fixtures/users.sql?fail=" + name)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("u.sql"))
                    .build()))
                    .isExactlyInstanceOf(FAMILIES.get(failure))
                    .hasMessageStartingWith("Simulated failure of fixture classpath:fixtures/users.sql");
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aResourceOnlyTheContextClassLoaderSeesIsServed() throws Exception {
        // The class path of a test framework or container is often its context class loader's, not this module's.
        Path root = Files.createDirectory(dir.resolve("context-root"));
        Files.writeString(root.resolve("context-only-users.sql"), USERS_SQL);
        Path out = dir.resolve("out.sql");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader context = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous);
             Exporter exporter = D1Export.open("d1:fixture:classpath:context-only-users.sql")) {
            thread.setContextClassLoader(context);
            exporter.export(ExportRequest.builder().destination(out).build());
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertThat(Files.readString(out)).isEqualTo(USERS_SQL);
    }

    @Test
    void aFixtureThatCannotBeReadIsAnErrorNamingItNotACancellation() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("a-folder.sql"));
        Path out = dir.resolve("out.sql");
        try (Exporter exporter = D1Export.open("d1:fixture:file:" + folder)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out).build()))
                    .isExactlyInstanceOf(D1ExportException.class)
                    .hasMessageStartingWith("Cannot read fixture file:" + folder);
        }
        assertThat(out).doesNotExist();
    }
}
