package dev.d1export.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory does not grow with the dump: a 512 MiB dump downloads through the real provider in a child JVM whose heap is
 * 64 MiB, over the exporter's own connection and through a caller's {@code HttpClient}. The dump is generated on the fly by the JDK's HTTP server in the child, so it is never held in memory.
 * Asserts the outcome (exit status and file size), not the time taken.
 */
class LargeDownloadMemoryTest {

    private static final long SIZE = 512L << 20;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"own-connection", "callers-client"})
    void a512MiBDumpDownloadsInA64MiBHeap(String transport) throws Exception {
        Path output = dir.resolve("big.sql");
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LargeDumpExportMain.class.getName(), output.toString(), Long.toString(SIZE), transport)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = child.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        String childLog = Files.readString(log);

        assertThat(exited).as("child still running; log:%n%s", childLog).isTrue();
        assertThat(child.exitValue()).as("child failed; log:%n%s", childLog).isZero();
        assertThat(childLog).contains("bytes=" + SIZE + " progress=" + SIZE);
        assertThat(Files.size(output)).isEqualTo(SIZE);
        try (InputStream in = Files.newInputStream(output)) {
            assertThat(Arrays.equals(in.readNBytes(LargeDumpExportMain.HEADER.length), LargeDumpExportMain.HEADER))
                    .isTrue();
            byte[] line = in.readNBytes(LargeDumpExportMain.LINE.length);
            assertThat(Arrays.equals(line, LargeDumpExportMain.LINE)).isTrue();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }
}
