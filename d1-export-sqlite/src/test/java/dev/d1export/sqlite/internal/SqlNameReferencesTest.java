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

    /** Each end of each character range of a bare name (a-z, A-Z, 0-9, U+0080 on) is part of the name, and folded. */
    @Test
    void charactersAtTheEndsOfEachNameRangeBelongToTheNameAndFoldAsSqliteFolds() {
        SqlNameReferences refs = new SqlNameReferences(List.of("az_AZ_09"));
        assertThat(refs.firstIn("DELETE FROM AZ_az_09;")).contains("az_AZ_09");
        for (String glued : List.of("aaz_AZ_09", "zaz_AZ_09", "Aaz_AZ_09", "Zaz_AZ_09", "0az_AZ_09", "9az_AZ_09",
                "\u0080az_AZ_09", "az_AZ_09a", "az_AZ_09z", "az_AZ_09A", "az_AZ_09Z", "az_AZ_090", "az_AZ_099")) {
            assertThat(refs.firstIn("DELETE FROM " + glued + ";")).as(glued).isEmpty();
        }
        // The characters just outside the ranges end a name.
        assertThat(refs.firstIn("SELECT @az_AZ_09`")).contains("az_AZ_09");
        assertThat(refs.firstIn("SELECT /az_AZ_09:")).contains("az_AZ_09");
    }

    /**
     * Only {@code --} and {@code /*} start a comment, which ends just after its newline or its own {@code *}{@code /}
     * (not the {@code /} of {@code /*}{@code /}); a lone {@code -} or {@code /}, at the very end too, is an operator.
     */
    @Test
    void commentsStartAndEndExactlyWhereSqlitesDo() {
        assertThat(fts.firstIn("SELECT 1 - docs_fts.x")).contains("docs_fts");
        assertThat(fts.firstIn("SELECT 1 / docs_fts.x")).contains("docs_fts");
        assertThat(fts.firstIn("SELECT 1-")).isEmpty();
        assertThat(fts.firstIn("SELECT 1/")).isEmpty();
        assertThat(fts.firstIn("SELECT docs_fts-")).contains("docs_fts");
        assertThat(fts.firstIn("SELECT 1 /*/ docs_fts")).isEmpty();
        assertThat(fts.firstIn("-- note\nDELETE FROM docs_fts")).contains("docs_fts");
        // The last characters of a comment are not scanned again: neither "b" nor "ab" is mentioned.
        SqlNameReferences shortNames = new SqlNameReferences(List.of("b", "ab"));
        assertThat(shortNames.firstIn("SELECT 1 -- ab\nSELECT 2")).isEmpty();
        assertThat(shortNames.firstIn("SELECT 1 /* ab*/ SELECT 2")).isEmpty();
        assertThat(shortNames.firstIn("SELECT 1 /* x */ab")).contains("ab");
    }
}
