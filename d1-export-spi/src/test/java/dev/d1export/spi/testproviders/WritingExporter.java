package dev.d1export.spi.testproviders;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.StagedOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes the provider name and target as the dump. */
public final class WritingExporter implements Exporter {
    private final String provider;
    private final ExportOptions options;

    public WritingExporter(String provider, ExportOptions options) {
        this.provider = provider;
        this.options = options;
    }

    public ExportOptions options() {
        return options;
    }

    @Override
    public ExportResult export(ExportRequest request) {
        try (StagedOutput out = StagedOutput.open(request.destination(), provider + ".sql")) {
            out.stream().write((provider + ":" + options.target()).getBytes(StandardCharsets.UTF_8));
            return ExportResult.builder(provider).path(out.commit().orElse(null)).bytes(out.bytesWritten()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
