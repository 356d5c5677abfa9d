package dev.d1export.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** D1's test for a statistics table is the JavaScript regular expression {@code /^sqlite_stat./}. */
class StatisticsTableTest {

    @Test
    void oneMoreCharacterThatIsNotALineTerminatorMakesAStatisticsTable() {
        assertThat(DumpEngine.isStatisticsTable("sqlite_stat1")).isTrue();
        assertThat(DumpEngine.isStatisticsTable("sqlite_stat4")).isTrue();
        assertThat(DumpEngine.isStatisticsTable("sqlite_stat9_data")).isTrue();
        assertThat(DumpEngine.isStatisticsTable("sqlite_stat\uD83D\uDE00")).isTrue();
        assertThat(DumpEngine.isStatisticsTable("sqlite_stat")).isFalse();
        for (char terminator : new char[] {'\n', '\r', '\u2028', '\u2029'}) {
            assertThat(DumpEngine.isStatisticsTable("sqlite_stat" + terminator + "1")).as("%04x", (int) terminator)
                    .isFalse();
        }
        assertThat(DumpEngine.isStatisticsTable("sqlite_sequence")).isFalse();
        assertThat(DumpEngine.isStatisticsTable("users")).isFalse();
    }
}
