package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
}
