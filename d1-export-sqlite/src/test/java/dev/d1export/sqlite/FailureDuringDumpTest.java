package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a dump fails, ending its read transaction cannot replace the failure with a failure of its own. */
class FailureDuringDumpTest {

    @TempDir
    Path dir;

    @Test
    void aRollbackFailureIsSuppressedUnderTheFailureThatCausedIt() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + lab);
        // The first write fails as a full disk would, after the connection has gone away, so the rollback that ends
        // the dump's read transaction fails for real too.
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    connection.close();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                throw new IOException("No space left on device");
            }
        };
        Throwable thrown = catchThrowable(() -> D1DumpWriter.builder().build().write(connection, failing));
        assertThat(thrown).isInstanceOf(IOException.class).hasMessage("No space left on device");
        assertThat(thrown.getSuppressed()).singleElement().isInstanceOfSatisfying(SQLException.class, rollback -> {
            assertThat((Throwable) rollback).hasMessageContaining("closed");
            // Turning auto-commit back on fails too; it is kept under the rollback's failure, not in its place.
            assertThat(rollback.getSuppressed()).singleElement().isInstanceOf(SQLException.class);
        });
        assertThat(connection.isClosed()).isTrue();
    }
}
