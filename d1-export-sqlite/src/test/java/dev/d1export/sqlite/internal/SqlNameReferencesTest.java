package dev.d1export.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole-token, quote-aware, ASCII case-insensitive mentions of table names in SQL. */
class SqlNameReferencesTest {

    private final SqlNameReferences fts = new SqlNameReferences(List.of("docs_fts", "docs_fts_data", "ünï"));

    @Test
    void findsTheNameBareOrInAnyQuotingAndAnyAsciiCase() {
        assertThat(fts.firstIn("INSERT INTO docs_fts(rowid) VALUES (1)")).contains("docs_fts");
        assertThat(fts.firstIn("DELETE FROM \"DOCS_FTS\" WHERE 1")).contains("docs_fts");
        assertThat(fts.firstIn("DELETE FROM [Docs_Fts]")).contains("docs_fts");
        assertThat(fts.firstIn("DELETE FROM `docs_fts`")).contains("docs_fts");
        assertThat(fts.firstIn("INSERT INTO 'docs_fts' VALUES(1)")).contains("docs_fts");
        assertThat(fts.firstIn("UPDATE main.docs_fts_data SET x=1")).contains("docs_fts_data");
        assertThat(fts.firstIn("INSERT INTO docs_fts(docs_fts, rowid) VALUES('delete', 1)")).contains("docs_fts");
        assertThat(fts.firstIn("SELECT * FROM \"ünï\"")).contains("ünï");
    }

    @Test
    void ignoresLongerNamesStringsAndCommentsThatMerelyContainIt() {
        assertThat(fts.firstIn("INSERT INTO docs_fts_log VALUES('docs_fts was updated')")).isEmpty();
        assertThat(fts.firstIn("INSERT INTO \"docs_fts \" VALUES(1) -- docs_fts\n")).isEmpty();
        assertThat(fts.firstIn("SELECT 1 /* docs_fts */; SELECT 'it''s docs_fts'")).isEmpty();
        assertThat(fts.firstIn("INSERT INTO \"x\"\"docs_fts\" VALUES(1)")).isEmpty();
        assertThat(fts.firstIn("INSERT INTO $docs_fts VALUES(1)")).isEmpty();
        // SQLite folds ASCII only: Ü is not ü.
        assertThat(fts.firstIn("SELECT * FROM ÜNÏ")).isEmpty();
        assertThat(new SqlNameReferences(List.of()).firstIn("docs_fts")).isEmpty();
    }

    /** Invalid SQL; what matters is that the scan ends. An unterminated name still counts, erring towards leaving out. */
    @Test
    void anUnterminatedQuoteOrCommentEndsTheText() {
        assertThat(fts.firstIn("SELECT 'docs_fts")).contains("docs_fts");
        assertThat(fts.firstIn("SELECT [docs_fts")).contains("docs_fts");
        assertThat(fts.firstIn("SELECT 'it''s")).isEmpty();
        assertThat(fts.firstIn("SELECT 1 /* docs_fts")).isEmpty();
    }
}
