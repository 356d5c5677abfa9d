package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.cli.internal.LiveProgress;
import dev.d1export.spi.ExportProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --verbose} and {@code --quiet} decide the provider logs' level before picocli parses the line, so they are
 * found however picocli would read them (alone, long, in a cluster, {@code --verbose=true}) and not where picocli
 * reads a value ({@code -t -qv}: a table). The real main in a child JVM; {@link CommandLineScanTest} tests the scan.
 */
class FlagScanTest {

    @TempDir
    Path dir;

    /** The provider logs' level is set from the scan; the command's own verbose line from picocli's parse. */
    @ParameterizedTest(name = "{0} -> verbose {1}")
    @CsvSource(delimiter = '|', value = {
        "-v                 | true",
        "--verbose=true     | true",
        "--verbose=TRUE     | true",
        "--verbose=false    | false",
        "-v=false           | false",
        "-t -qv             | false",
        "--table=-v         | false"
    })
    void theProviderLogsAreVerboseExactlyWhenTheCommandIs(String flags, boolean verbose) throws Exception {
        Path db = SqliteDatabase.create(dir.resolve("app.sqlite"), "CREATE TABLE users(id INTEGER PRIMARY KEY)");
        List<String> args = new ArrayList<>(List.of("export", "d1:sqlite:" + db, "-o",
                dir.resolve("out.sql").toString()));
        args.addAll(List.of(flags.split(" ")));

        CliResult result = ChildJvm.mainOnTestClassPath().run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err().contains("d1-export: provider sqlite (")).as("the command is verbose: " + result)
                .isEqualTo(verbose);
        assertThat(result.err().contains("debug dev.d1export.sqlite.")).as("the provider's debug lines: " + result)
                .isEqualTo(verbose);
    }

    /** A provider that fails to load logs a WARNING, which --quiet, however spelt, leaves off stderr. */
    @ParameterizedTest(name = "{0} -> quiet {1}")
    @CsvSource(delimiter = '|', value = {
        "-q                 | true",
        "--quiet=true       | true",
        "--quiet=TRUE       | true",
        "-q=true            | true",
        "--quiet=false      | false"
    })
    void quietLeavesTheProviderWarningsOffStderr(String flag, boolean quiet) throws Exception {
        Path db = SqliteDatabase.create(dir.resolve("app.sqlite"), "CREATE TABLE users(id INTEGER PRIMARY KEY)");
        Path services = Files.createDirectories(dir.resolve("broken/META-INF/services"));
        Files.writeString(services.resolve(ExportProvider.class.getName()), "no.such.Provider\n");

        CliResult result = ChildJvm.mainOnTestClassPath(dir.resolve("broken"))
                .run("export", "d1:sqlite:" + db, "-o", dir.resolve("out.sql").toString(), flag);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        if (quiet) {
            assertThat(result.err()).as("errors only").isEmpty();
        } else {
            assertThat(result.err()).contains("warning: Skipping").contains("no.such.Provider").contains("finished: ");
        }
    }

    @Test
    void theLiveLineFitsTheTerminalWidthWhenTheShellTellsIt() {
        assertThat(LiveProgress.terminalColumns("120")).isEqualTo(120);
        assertThat(LiveProgress.terminalColumns(null)).isEqualTo(80);
        assertThat(LiveProgress.terminalColumns("wide")).isEqualTo(80);
        assertThat(LiveProgress.terminalColumns("3")).isEqualTo(80);
    }
}
