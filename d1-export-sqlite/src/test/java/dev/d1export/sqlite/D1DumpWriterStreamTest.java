package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link D1DumpWriter#write(Path, OutputStream)} leaves the caller's stream flushed and open, as documented. */
class D1DumpWriterStreamTest {

    @TempDir
    Path dir;

    /** A caller's buffered stream must hold nothing back once write returns, and must still take more bytes. */
    @Test
    void theCallersStreamIsFlushedButNotClosed() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        ByteArrayOutputStream underneath = new ByteArrayOutputStream();
        // Larger than the whole dump, so only a flush passes it on.
        BufferedOutputStream buffered = new BufferedOutputStream(underneath, 1 << 22);

        DumpSummary summary = D1DumpWriter.builder().columnList(false).build().write(lab, buffered);

        assertThat(underneath.toByteArray()).isEqualTo(Golden.bytes("export_default.sql"));
        assertThat(summary.bytes()).isEqualTo(underneath.size());
        buffered.write("-- more".getBytes(StandardCharsets.US_ASCII));
        buffered.flush();
        assertThat(underneath.toString(StandardCharsets.UTF_8)).endsWith("-- more");
    }
}
