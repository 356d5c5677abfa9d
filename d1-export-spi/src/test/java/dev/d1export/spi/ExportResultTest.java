package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a provider's result says when the provider sets only part of it. */
class ExportResultTest {

    @Test
    void aResultWithOnlyAPathIsNamedAfterItsFile() {
        ExportResult result = ExportResult.builder("mine").path(Path.of("/tmp/out/mine.sql")).bytes(3).build();

        assertThat(result.filename()).isEqualTo("mine.sql");
    }

    @Test
    void aNameTheProviderGaveIsKept() {
        ExportResult result = ExportResult.builder("cloudflare").path(Path.of("/tmp/out/backup.sql"))
                .filename("0f2e-0001.sql").build();

        assertThat(result.filename()).isEqualTo("0f2e-0001.sql");
    }

    @Test
    void aStreamResultWithoutANameHasAnEmptyOne() {
        assertThat(ExportResult.builder("mine").bytes(3).build().filename()).isEmpty();
    }

    @Test
    void aReusedBuilderDoesNotCarryADefaultNameOver() {
        ExportResult.Builder builder = ExportResult.builder("mine").path(Path.of("/tmp/out/a.sql"));
        assertThat(builder.build().filename()).isEqualTo("a.sql");

        assertThat(builder.path(null).build().filename()).isEmpty();
    }

    @Test
    void countsCannotBeNegativeAndTheErrorNamesTheField() {
        ExportResult.Builder builder = ExportResult.builder("p");

        assertThatThrownBy(() -> builder.bytes(-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bytes must not be negative: -5");
        assertThatThrownBy(() -> builder.polls(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("polls must not be negative: -2");
        assertThatThrownBy(() -> builder.inexactValues(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inexactValues must not be negative: -1");
        assertThatThrownBy(() -> builder.messages(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("messages");
        assertThat(builder.bytes(0).polls(0).inexactValues(0).build().bytes()).isZero();
    }

    @Test
    void eachBuildWithoutAnEndTimeTakesItsOwn() throws InterruptedException {
        ExportResult.Builder builder = ExportResult.builder("p");
        ExportResult first = builder.build();
        Instant before = Instant.now();
        while (!Instant.now().isAfter(first.finishedAt())) {
            Thread.sleep(1);
        }

        ExportResult second = builder.build();

        assertThat(second.finishedAt()).isAfter(first.finishedAt()).isAfterOrEqualTo(before);
        Instant fixed = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(builder.finishedAt(fixed).build().finishedAt()).isEqualTo(fixed);
    }

    @Test
    void anEndBeforeTheStartIsRefusedNamingBoth() {
        Instant start = Instant.parse("2026-12-05T10:00:00Z");
        ExportResult.Builder builder = ExportResult.builder("mine").finishedAt(start.minusSeconds(1)).startedAt(start);

        assertThatThrownBy(builder::build).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("finishedAt 2026-12-05T09:59:59Z is before startedAt 2026-12-05T10:00:00Z");
        assertThat(builder.finishedAt(start).build().elapsed()).isZero();
    }

    @Test
    void aStartLaterThanTheClockGivesNoElapsedTimeRatherThanANegativeOne() {
        // As if the wall clock stepped back during the export: the default end is then not before the start.
        Instant start = Instant.now().plusSeconds(3600);
        ExportResult result = ExportResult.builder("mine").startedAt(start).build();

        assertThat(result.finishedAt()).isEqualTo(start);
        assertThat(result.elapsed()).isZero();
    }
}
