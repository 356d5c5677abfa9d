package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.Exporter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A null argument is refused at once, naming the parameter, as the cloudflare provider does. */
class NullArgumentsTest {

    @Test
    void theFixtureProviderItsExporterAndItsJournalsNameTheirParameters() {
        assertThatThrownBy(() -> new FixtureExportProvider().create(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("options");
        try (Exporter exporter = D1Export.open("d1:fixture:classpath:nowhere.sql")) {
            assertThatThrownBy(() -> exporter.export(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
        }
        assertThatThrownBy(() -> FixtureJournal.named(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> new RecordedRequest(ExportOptions.parse("d1:fixture:classpath:x.sql"), null, false,
                false, false, null, false, Instant.now(), "main")).isInstanceOf(NullPointerException.class).hasMessage("tables");
    }
}
