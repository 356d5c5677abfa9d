package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.Exporter;
import org.junit.jupiter.api.Test;

/** A null argument is refused at once, naming the parameter, as the cloudflare provider does. */
class NullArgumentsTest {

    @Test
    void theProviderTheExporterAndTheWriterNameTheirParameters() {
        assertThatThrownBy(() -> new SqliteExportProvider().create(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("options");
        try (Exporter exporter = D1Export.open("d1:sqlite:nowhere.sqlite")) {
            assertThatThrownBy(() -> exporter.export(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
        }
        assertThatThrownBy(() -> D1DumpWriter.builder().tables((String[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("names");
    }
}
