package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start: the committed examples/sample.sqlite exports through the sqlite provider as a D1-format dump,
 * and it is what examples/sample.sql builds.
 */
class SampleDatabaseTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("d1export.examples"));

    @TempDir
    Path dir;

    static String expectedDump() throws IOException {
        try (InputStream in = SampleDatabaseTest.class.getClassLoader().getResourceAsStream("sample-dump.sql")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void quickStartExportWritesTheD1FormatDump() throws IOException {
        Path sample = EXAMPLES.resolve("sample.sqlite");
        byte[] before = Files.readAllBytes(sample);
        Path out = dir.resolve("sample.sql");

        CliResult result = InProcess.run("export", "d1:sqlite:" + sample, "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String dump = Files.readString(out);
        assertThat(dump).isEqualTo(expectedDump());
        // The points of D1's format the sample exercises, spelled out.
        assertThat(dump).startsWith("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE users (")
                .contains("VALUES(1,'Ada Lovelace','ada@example.com',X'89504e470d0a1a0a');")
                .contains("VALUES(3,'李小龍 🐉',NULL,X'');")
                .contains("replace('line one\\nline two','\\n',char(10))")
                .contains("\nDELETE FROM sqlite_sequence;\n")
                .contains("\nCREATE INDEX orders_by_user ON orders(user_id);\nCREATE VIEW order_totals AS")
                .doesNotEndWith("\n");
        assertThat(result.err()).contains("Exported ").contains("provider sqlite");
        assertThat(result.err()).as("a local dump is written, not downloaded")
                .contains("\nwritten: " + dump.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes\n");
        // Paths left out: a checkout in a folder named "downloads" holds the word without any download.
        assertThat(result.err().replace(sample.toString(), "").replace(out.toString(), ""))
                .doesNotContain("download");
        assertThat(Files.readAllBytes(sample)).as("the sample is only read").isEqualTo(before);
    }

    @Test
    void aMisspeltTableNameIsWarnedAboutAndReportedInTheJsonSummary() throws IOException {
        Path sample = EXAMPLES.resolve("sample.sqlite");

        CliResult plain = InProcess.run("export", "d1:sqlite:" + sample, "-t", "Users", "-o",
                dir.resolve("a.sql").toString());
        CliResult json = InProcess.run("export", "d1:sqlite:" + sample, "-t", "nosuch", "--json", "-o",
                dir.resolve("b.sql").toString());

        // D1's behaviour, kept: an empty dump and success, but not in silence.
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.err()).contains("warning: No table or other object is named 'Users'")
                .contains("did you mean 'users'?").contains("\n  no match: Users (nothing exported for it)\n");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"messages\":[\"No table or other object is named 'nosuch'")
                .contains("\"unmatchedTables\":[\"nosuch\"]");
    }

    @Test
    void theNoMatchLineSpeaksOfSeveralUnmatchedNamesInThePlural() {
        Path sample = EXAMPLES.resolve("sample.sqlite");

        CliResult result = InProcess.run("export", "d1:sqlite:" + sample, "-t", "@audit", "-t", "Users", "-o",
                dir.resolve("a.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("\n  no match: @audit, Users (nothing exported for them)\n");
    }

    @Test
    void unmatchedTablesFailRefusesAMisspeltTableBeforeWritingWithExitCode2() throws IOException {
        Path sample = EXAMPLES.resolve("sample.sqlite");
        Path out = Files.writeString(dir.resolve("backup.sql"), "previous backup");

        CliResult plain = InProcess.run("export", "d1:sqlite:" + sample, "-t", "users", "-t", "Orders",
                "--unmatched-tables=fail", "-o", out.toString());
        CliResult json = InProcess.run("export", "d1:sqlite:" + sample, "-t", "nosuch", "--unmatched-tables", "FAIL",
                "--json", "-o", out.toString());
        String afterRefusals = Files.readString(out);
        CliResult fine = InProcess.run("export", "d1:sqlite:" + sample, "-t", "users", "--unmatched-tables=fail",
                "-o", out.toString());
        CliResult bad = InProcess.run("export", "d1:sqlite:" + sample, "--unmatched-tables=ignore", "-o",
                out.toString());

        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(plain.err()).contains("No table or other object is named 'Orders' (did you mean 'orders'?), and"
                + " the request fails on a name that matches nothing; nothing was exported")
                .contains("hint: names are matched exactly and case-sensitively, as D1 matches them;"
                        + " --unmatched-tables=warn exports what matches, as D1 does");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(json.out()).contains("No table or other object is named 'nosuch'").contains("\"exitCode\":2");
        assertThat(afterRefusals).isEqualTo("previous backup");
        assertThat(fine.exitCode()).as(fine.toString()).isZero();
        assertThat(Files.readString(out)).startsWith("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE users (");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--unmatched-tables").contains("ignore");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void quickStartInAChildJvmFromTheRepositoryRoot() throws IOException {
        Path root = EXAMPLES.getParent();
        Path out = dir.resolve("sample.sql");

        CliResult result = ChildJvm.mainOnTestClassPath().in(root)
                .run("export", "d1:sqlite:examples/sample.sqlite", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out)).isEqualTo(expectedDump());
    }

    @Test
    void committedSampleIsWhatTheSqlBuilds() throws IOException {
        Path rebuilt = dir.resolve("rebuilt.sqlite");
        // The build script's fallback for machines without sqlite3: BuildSample.java with sqlite-jdbc.
        Process build = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EXAMPLES.resolve("BuildSample.java").toString(),
                EXAMPLES.resolve("sample.sql").toString(), rebuilt.toString())).redirectErrorStream(true).start();
        CliResult built = ChildJvm.finish(build);
        assertThat(built.exitCode()).as(built.toString()).isZero();

        CliResult result = InProcess.run("export", "d1:sqlite:" + rebuilt, "-o", dir.resolve("rebuilt.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(dir.resolve("rebuilt.sql"))).isEqualTo(expectedDump());
    }

    @Test
    void tableFilterAndNoDataOnTheSample() throws IOException {
        Path out = dir.resolve("users.sql");

        CliResult result = InProcess.run("export", "d1:sqlite:" + EXAMPLES.resolve("sample.sqlite"), "-t", "users",
                "--no-data", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out)).startsWith("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE users (")
                .doesNotContain("INSERT").doesNotContain("orders");
    }

    @Test
    void missingSqliteFileIsNotFound() {
        CliResult result = InProcess.run("export", "d1:sqlite:" + dir.resolve("nope.sqlite"), "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
