package dev.d1export.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What lossless mode writes after a stored statement ({@link DumpEngine#statementEnd}): a plain {@code ;} unless the
 * text ends inside a comment. Each case has a comment marker or a quote where a scan that is off by one character
 * would take it for the start or the end of something else.
 */
class StatementEndTest {

    static Stream<Arguments> statements() {
        return Stream.of(
                Arguments.of("CREATE VIEW v AS SELECT 2-1", ";"),
                Arguments.of("CREATE VIEW v AS SELECT 1 --\n", ";"),
                Arguments.of("CREATE VIEW v AS SELECT 1\n-- a line comment on a line of its own\n", ";"),
                Arguments.of("CREATE VIEW v AS SELECT 1 -- it'\n, 'a -- b' AS c", ";"),
                Arguments.of("CREATE VIEW v AS SELECT 2*/* -- */3", ";"),
                Arguments.of("CREATE VIEW v AS SELECT 1 /* it'*/, 'a -- b' AS c", ";"),
                Arguments.of("CREATE VIEW v AS SELECT 'it''s -- no comment', [a /* b], \"c -- d\", `e /* f`", ";"),
                Arguments.of("CREATE VIEW v AS SELECT 1 -- open", "\n;"),
                Arguments.of("CREATE VIEW v AS SELECT 1 /* open", "*/;"),
                // Not SQL SQLite would store, but the scan must not run past the end on a last '-' or '/'.
                Arguments.of("SELECT 2 -", ";"),
                Arguments.of("SELECT 4 /", ";"));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("statements")
    @Timeout(60)
    void endsAStatementSoThatItReadsBack(String sql, String end) {
        assertThat(DumpEngine.statementEnd(sql)).as(sql).isEqualTo(end);
    }
}
