package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.InvalidExportRequestException;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** {@link D1DumpWriter.Builder} refuses what {@link ExportRequest} refuses, with the same SPI type. */
class D1DumpWriterBuilderTest {

    @Test
    void noDataWithNoSchemaIsTheSpisInvalidRequestLikeExportRequest() {
        Throwable fromRequest = catchThrowable(() -> ExportRequest.builder().noData(true).noSchema(true)
                .destination(new ByteArrayOutputStream()).build());
        assertThat(fromRequest).isInstanceOf(InvalidExportRequestException.class);
        assertThatThrownBy(() -> D1DumpWriter.builder().noData(true).noSchema(true).build())
                .isInstanceOf(InvalidExportRequestException.class)
                .hasMessage(fromRequest.getMessage());
        // Either alone is fine.
        assertThat(D1DumpWriter.builder().noData(true).build()).isNotNull();
        assertThat(D1DumpWriter.builder().noSchema(true).build()).isNotNull();
    }
}
