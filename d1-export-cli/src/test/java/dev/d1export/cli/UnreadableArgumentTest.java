package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar d1-export.jar} in the C locale of a minimal container: Java reads the command line as ASCII and
 * turns each byte of a non-ASCII character into U+FFFD. A table name or file name read so is not what was typed, and
 * the command refuses it, saying how to run it, instead of looking up a table that cannot exist (exit code 0, the
 * table missing from the dump) or failing in the JDK's words.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the C and C.UTF-8 locales as Linux has them")
class UnreadableArgumentTest {

    /** {@code Ünï} and {@code é.sql} as UTF-8 bytes, written by printf so that no Java encodes them on the way. */
    private static final String UNI = "$(printf '\\303\\234n\\303\\257')";

    private static final String E_SQL = "$(printf '\\303\\251.sql')";

    @TempDir
    Path dir;

    @Test
    void aTableNameJavaCouldNotReadInTheCLocaleIsAUsageErrorNotAnUnmatchedTable() throws Exception {
        Path out = dir.resolve("users.sql");

        CliResult result = inLocale("C", "export \"$1\" -o \"$2\" -t " + UNI + " --json", FIXTURE, out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).contains("d1-export: -t '")
                .contains("' has characters Java could not read in this locale's character set (")
                .contains("hint: run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8 java -jar d1-export.jar ...,"
                        + " or through the d1-export launcher, which sets one")
                .doesNotContain("warning:");
        Map<String, Object> json = JsonReader.object(result.out());
        assertThat(json).containsEntry("status", "error").containsEntry("exitCode", 2L);
        assertThat(((Map<?, ?>) json.get("error")).get("family")).isEqualTo("usage");
        assertThat(Files.exists(out)).as("nothing written").isFalse();
    }

    @Test
    void anOutputNameJavaCouldNotReadInTheCLocaleSaysHowToRunNotCannotConvertToPath() {
        CliResult result = inLocale("C", "cd \"$2\" && exec \"$0\" -cp \"$3\" dev.d1export.cli.Main export \"$1\" -o "
                + E_SQL, FIXTURE, dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString())
                .contains("d1-export: Invalid value for option '--output': The file name '")
                .contains("' has characters Java could not read in this locale's character set (")
                .contains("LC_ALL=C.UTF-8")
                .doesNotContain("cannot convert").doesNotContain("InvalidPathException");
    }

    @Test
    void theSameTableNameInAUtf8LocaleIsReadAsTypedAndOnlyUnmatched() throws Exception {
        assumeTrue(new String(new ProcessBuilder("locale", "-a").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.equals("C.UTF-8") || l.equals("C.utf8")), "no C.UTF-8 locale here");
        Path out = dir.resolve("users.sql");

        CliResult result = inLocale("C.UTF-8", "export \"$1\" -o \"$2\" -t " + UNI, FIXTURE, out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).doesNotContain("could not read");
        assertThat(Files.exists(out)).isTrue();
    }

    /**
     * Runs {@code sh -c} in the locale: a script that is a whole command ({@code exec ...}) gets {@code $0} = java
     * and the arguments after; any other is the command line given to Main, its {@code $1} and {@code $2} the
     * arguments.
     */
    private static CliResult inLocale(String locale, String script, String first, String second) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        String command = script.contains("exec ") ? script
                : "exec \"$0\" -cp \"$3\" dev.d1export.cli.Main " + script;
        return ChildJvm.command("sh", "-c", command, java, first, second, classPath)
                .env("LC_ALL", locale).env("LANG", locale).run();
    }
}
