package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ExportRequestTest {

    private final Path out = Path.of("out.sql");

    @Test
    void buildsAValidRequest() {
        ExportRequest r = ExportRequest.builder().tables("users", "orders").table("items").noSchema(true)
                .destination(out).timeout(Duration.ofMinutes(1)).build();
        assertThat(r.tables()).containsExactly("users", "orders", "items");
        assertThat(r.noSchema()).isTrue();
        assertThat(r.noData()).isFalse();
        assertThat(r.destination().path()).contains(out);
        assertThat(r.timeout()).contains(Duration.ofMinutes(1));
        assertThat(r.listener()).isSameAs(ExportListener.NONE);
        assertThatThrownBy(() -> r.tables().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void failOnUnmatchedTablesIsOffByDefaultAndShownInToStringOnlyWhenOn() {
        ExportRequest plain = ExportRequest.builder().table("users").destination(out).build();
        ExportRequest strict = plain.mutate().failOnUnmatchedTables(true).build();

        assertThat(plain.failOnUnmatchedTables()).isFalse();
        assertThat(plain.toString()).startsWith("ExportRequest{tables=[users], noData=false, noSchema=false,"
                + " destination=").endsWith(", timeout=null}").doesNotContain("failOnUnmatchedTables");
        assertThat(strict.toString()).startsWith("ExportRequest{tables=[users], noData=false, noSchema=false,"
                + " failOnUnmatchedTables=true, destination=");
    }

    @Test
    void aListenerExceptionOnFinishedIsNotRethrownOnOtherEventsItIs() {
        List<ExportEvent> seen = new ArrayList<>();
        ExportRequest r = ExportRequest.builder().destination(out).listener(e -> {
            seen.add(e);
            throw new IllegalStateException("listener refuses " + e.getClass().getSimpleName());
        }).build();
        ExportEvent.Finished finished = new ExportEvent.Finished(ExportResult.builder("test").build());
        r.listener().onEvent(finished);
        assertThat(seen).containsExactly(finished);
        assertThatThrownBy(() -> r.listener().onEvent(new ExportEvent.Started("test", "db")))
                .isInstanceOf(IllegalStateException.class).hasMessage("listener refuses Started");
        assertThatThrownBy(() -> r.listener().onEvent(new ExportEvent.Warning("w")))
                .isInstanceOf(IllegalStateException.class);
        // The rule survives mutate(), without wrapping twice.
        r.mutate().build().listener().onEvent(finished);
        assertThat(seen).hasSize(4);
    }

    /** Swallowed, the listener's exception on Finished must still reach the log, with its stack trace. */
    @Test
    void aListenerExceptionOnFinishedIsLoggedAtWarningWithTheException() {
        IllegalStateException thrown = new IllegalStateException("listener refuses Finished");
        ExportRequest r = ExportRequest.builder().destination(out).listener(e -> {
            throw thrown;
        }).build();
        List<LogRecord> records;
        try (LogRecording log = new LogRecording(ExportRequest.class)) {
            r.listener().onEvent(new ExportEvent.Finished(ExportResult.builder("test").build()));
            records = log.records();
        }

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage()).startsWith("An export listener threw on Finished; the export had"
                    + " completed").contains("listener refuses Finished");
            assertThat(record.getThrown()).isSameAs(thrown);
        });
    }

    @Test
    void anErrorThrownOnFinishedPropagates() {
        ExportRequest r = ExportRequest.builder().destination(out).listener(e -> {
            throw new AssertionError("a test's assertion");
        }).build();
        assertThatThrownBy(() -> r.listener().onEvent(new ExportEvent.Finished(ExportResult.builder("t").build())))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void mutateStartsFromEverySettingOfTheRequest() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ExportListener listener = e -> { };
        ExportRequest schemaOnly = ExportRequest.builder().table("users").noData(true).failOnUnmatchedTables(true)
                .destination(sink).timeout(Duration.ofSeconds(90)).listener(listener).build();

        ExportRequest copy = schemaOnly.mutate().build();

        assertThat(copy.tables()).containsExactly("users");
        assertThat(copy.noData()).isTrue();
        assertThat(copy.noSchema()).isFalse();
        assertThat(copy.failOnUnmatchedTables()).isTrue();
        assertThat(copy.destination()).isSameAs(schemaOnly.destination());
        assertThat(copy.timeout()).contains(Duration.ofSeconds(90));
        assertThat(copy).hasToString(schemaOnly.toString());
        ExportRequest dataOnly = ExportRequest.builder().noSchema(true).destination(out).build();
        assertThat(dataOnly.mutate().build().noSchema()).isTrue();
        // Kept, not merely defaulted: noData would then be free to join noSchema, which build() refuses.
        assertThatThrownBy(() -> dataOnly.mutate().noData(true).build())
                .isInstanceOf(InvalidExportRequestException.class).hasMessageContaining("noData and noSchema");
    }

    @Test
    void tablesAreCopied() {
        List<String> names = new ArrayList<>(List.of("a"));
        ExportRequest r = ExportRequest.builder().tables(names).destination(out).build();
        names.add("b");
        assertThat(r.tables()).containsExactly("a");
        assertThat(r.mutate().table("c").build().tables()).containsExactly("a", "c");
    }

    @Test
    void rejectsBlankNullAndDuplicateTables() {
        assertThatThrownBy(() -> ExportRequest.builder().tables("users", " ").destination(out).build())
                .isInstanceOf(InvalidExportRequestException.class).hasMessage("Table name #2 is blank (' ')");
        assertThatThrownBy(() -> ExportRequest.builder().tables("users", null).destination(out).build())
                .isInstanceOf(InvalidExportRequestException.class).hasMessage("Table name #2 is null");
        assertThatThrownBy(() -> ExportRequest.builder().tables("users", "users").destination(out).build())
                .isInstanceOf(InvalidExportRequestException.class).hasMessage("Table 'users' is listed twice");
    }

    @Test
    void tableNamesAreCaseSensitive() {
        assertThat(ExportRequest.builder().tables("users", "USERS").destination(out).build().tables()).hasSize(2);
    }

    @Test
    void rejectsNoDataWithNoSchema() {
        assertThatThrownBy(() -> ExportRequest.builder().noData(true).noSchema(true).destination(out).build())
                .isInstanceOf(InvalidExportRequestException.class).hasMessageContaining("noData and noSchema");
    }

    @Test
    void requiresADestinationAndAPositiveTimeout() {
        assertThatThrownBy(() -> ExportRequest.builder().build())
                .isInstanceOf(InvalidExportRequestException.class).hasMessageContaining("destination");
        assertThatThrownBy(() -> ExportRequest.builder().destination(out).timeout(Duration.ZERO).build())
                .isInstanceOf(InvalidExportRequestException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> ExportRequest.builder().destination(out).timeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidExportRequestException.class).hasMessageContaining("PT-1S");
    }

    @Test
    void streamDestinations() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ExportRequest r = ExportRequest.builder().destination(sink).build();
        assertThat(r.destination().stream()).containsSame(sink);
        assertThat(r.destination().path()).isEmpty();
    }
}
