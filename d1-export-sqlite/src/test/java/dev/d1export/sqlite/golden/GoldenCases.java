package dev.d1export.sqlite.golden;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The wrangler 4.86 reference exports in {@code golden/wrangler-4.86-lab/} and the flags that made each (see that
 * folder's README), for every test that checks a provider against them. Shipped in this module's test-jar with the
 * golden files, so the testkit's end-to-end tests use the same list.
 */
public final class GoldenCases {

    private GoldenCases() {
    }

    /**
     * Exports of {@code lab.sqlite}: file name, tables (as wrangler was given them), noData, noSchema.
     *
     * @return the cases
     */
    public static Stream<Arguments> labCases() {
        return Stream.of(
                Arguments.of("export_default.sql", List.of(), false, false),
                Arguments.of("export_no_data.sql", List.of(), true, false),
                Arguments.of("export_no_schema.sql", List.of(), false, true),
                Arguments.of("export_table_types.sql", List.of("types"), false, false),
                Arguments.of("export_tables_users_posts.sql", List.of("users", "posts"), false, false),
                Arguments.of("export_tables_posts_users_reversed.sql", List.of("posts", "users"), false, false),
                Arguments.of("export_table_equals_syntax.sql", List.of("users", "posts"), false, false),
                Arguments.of("export_table_users_no_data.sql", List.of("users"), true, false),
                Arguments.of("export_table_users_no_schema.sql", List.of("users"), false, true),
                Arguments.of("export_table_odd_name.sql", List.of("odd \"table\" ñame 🚀"), false, false),
                Arguments.of("export_table_sqlite_sequence.sql", List.of("sqlite_sequence"), false, false),
                Arguments.of("export_table_sqlite_sequence_no_schema.sql", List.of("sqlite_sequence"), false, true),
                Arguments.of("export_table_sqlite_stat1.sql", List.of("sqlite_stat1"), false, false),
                Arguments.of("export_table_users_and_index.sql",
                        List.of("users", "idx_users_lower_name", "users_au"), false, false),
                Arguments.of("export_table_view.sql", List.of("user_posts"), false, false),
                Arguments.of("export_table_nonexistent.sql", List.of("does_not_exist"), false, false),
                Arguments.of("export_table_cf_metadata.sql", List.of("_cf_METADATA"), false, false),
                Arguments.of("export_table_case_USERS.sql", List.of("USERS"), false, false),
                Arguments.of("export_table_users_twice.sql", List.of("users", "users"), false, false),
                Arguments.of("export_table_kv_gen_strict.sql",
                        List.of("kv", "gen_cols", "strict_t", "empty_tbl"), false, false),
                Arguments.of("export_table_quirky_names.sql", List.of("tricky_default", "it's table", "select",
                        "bracket_tbl", "backtick_tbl", "single_quoted_tbl", "lower_case_tbl"), false, false),
                Arguments.of("export_table_big_no_schema.sql", List.of("big"), false, true),
                Arguments.of("export_by_binding_name_DB.sql", List.of("users"), false, false));
    }

    /**
     * Exports of {@code lab_fts.sqlite} whose filter leaves the virtual table out: file name, tables.
     *
     * @return the cases
     */
    public static Stream<Arguments> ftsCases() {
        return Stream.of(
                Arguments.of("fts_export_table_users.sql", List.of("users")),
                Arguments.of("fts_export_table_shadow.sql", List.of("docs_fts_data", "docs_fts_idx",
                        "docs_fts_content", "docs_fts_docsize", "docs_fts_config")));
    }

    /**
     * Exports of {@code lab_fts.sqlite} that reach the virtual table and fail as D1 does: tables, noData, noSchema.
     *
     * @return the cases
     */
    public static Stream<Arguments> failingFtsCases() {
        return Stream.of(
                Arguments.of(List.of(), false, false),
                Arguments.of(List.of(), true, false),
                Arguments.of(List.of(), false, true),
                Arguments.of(List.of("docs_fts"), false, false),
                Arguments.of(List.of("users", "docs_fts"), false, false));
    }
}
