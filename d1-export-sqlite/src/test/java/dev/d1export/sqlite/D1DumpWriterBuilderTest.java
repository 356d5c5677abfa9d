package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.InvalidExportRequestException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link D1DumpWriter.Builder} refuses what {@link ExportRequest} refuses, with the same SPI type, and the writers it
 * builds do not change with it afterwards.
 */
class D1DumpWriterBuilderTest {

    @TempDir
    Path dir;

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

    @Test
    void aBuiltWriterKeepsItsTablesWhenTheBuilderIsGivenMoreAfterwards() throws Exception {
        // The writer is documented immutable and build() as copying: the builder's own set must not leak into it.
        Path db = dir.resolve("two.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE a (id INTEGER PRIMARY KEY)");
            st.execute("CREATE TABLE b (id INTEGER PRIMARY KEY)");
        }
        D1DumpWriter.Builder builder = D1DumpWriter.builder().tables("a");
        D1DumpWriter first = builder.build();
        D1DumpWriter second = builder.tables("b").build();

        assertThat(dump(first, db)).contains("CREATE TABLE a ").doesNotContain("CREATE TABLE b ");
        assertThat(dump(second, db)).contains("CREATE TABLE a ", "CREATE TABLE b ");
    }

    private static String dump(D1DumpWriter writer, Path db) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(db, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
