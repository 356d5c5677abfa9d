package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.cli.internal.LiveProgress;
import org.junit.jupiter.api.Test;

/**
 * {@code --verbose} and {@code --quiet} decide the provider logs' level before picocli parses the line, so they are
 * found however picocli would read them: alone, long, or in a cluster of short options.
 */
class FlagScanTest {

    private static boolean verbose(String... args) {
        return Main.hasFlag(args, "--verbose", 'v');
    }

    @Test
    void aFlagIsFoundAloneLongOrInACluster() {
        assertThat(verbose("export", "u", "-v")).isTrue();
        assertThat(verbose("export", "u", "--verbose")).isTrue();
        assertThat(verbose("export", "u", "-qv")).isTrue();
        assertThat(verbose("export", "u", "-vq")).isTrue();
        assertThat(verbose("export", "u", "-vo", "x.sql")).isTrue();
        assertThat(Main.hasFlag(new String[] {"export", "-vq"}, "--quiet", 'q')).isTrue();
    }

    @Test
    void aValueOrAnArgumentAfterDoubleDashIsNoFlag() {
        assertThat(verbose("export", "u", "-ov.sql")).as("-o takes the rest as its file").isFalse();
        assertThat(verbose("export", "u", "-tv")).as("-t takes the rest as its table").isFalse();
        assertThat(verbose("export", "u", "--", "-v")).isFalse();
        assertThat(verbose("export", "u", "--version")).isFalse();
        assertThat(verbose("export", "u", "-o", "-")).isFalse();
    }

    @Test
    void theLiveLineFitsTheTerminalWidthWhenTheShellTellsIt() {
        assertThat(LiveProgress.terminalColumns("120")).isEqualTo(120);
        assertThat(LiveProgress.terminalColumns(null)).isEqualTo(80);
        assertThat(LiveProgress.terminalColumns("wide")).isEqualTo(80);
        assertThat(LiveProgress.terminalColumns("3")).isEqualTo(80);
    }
}
