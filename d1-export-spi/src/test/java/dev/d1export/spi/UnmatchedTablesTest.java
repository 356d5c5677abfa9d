package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one wording of "this name matches nothing" that every provider gives. */
class UnmatchedTablesTest {

    private static final List<String> SCHEMA = List.of("users", "Orders", "orders_by_day", "idx_users_name");

    @Test
    void everyNameMatchingGivesNoNotice() {
        assertThat(UnmatchedTables.notices(List.of("users", "Orders", "idx_users_name"), SCHEMA)).isEmpty();
        assertThat(UnmatchedTables.notices(List.of(), SCHEMA)).isEmpty();
    }

    @Test
    void eachNameThatMatchesNothingGetsOneNoticeInRequestOrder() {
        assertThat(UnmatchedTables.notices(List.of("usres", "users", "payments"), SCHEMA)).containsExactly(
                "No table or other object is named 'usres', so the dump has nothing for it",
                "No table or other object is named 'payments', so the dump has nothing for it");
    }

    @Test
    void namesAreCaseSensitiveAndTheNameThatDiffersOnlyInCaseIsSuggested() {
        assertThat(UnmatchedTables.notices(List.of("orders", "USERS"), SCHEMA)).containsExactly(
                "No table or other object is named 'orders', so the dump has nothing for it (names are"
                        + " case-sensitive: did you mean 'Orders'?)",
                "No table or other object is named 'USERS', so the dump has nothing for it (names are"
                        + " case-sensitive: did you mean 'users'?)");
    }

    @Test
    void theNamesAreThoseOfTheNoticesInRequestOrder() {
        assertThat(UnmatchedTables.names(List.of("usres", "users", "orders", "payments"), SCHEMA))
                .containsExactly("usres", "orders", "payments");
        assertThat(UnmatchedTables.names(List.of("users"), SCHEMA)).isEmpty();
        assertThatNullPointerException().isThrownBy(() -> UnmatchedTables.names(List.of("x"), null));
    }

    @Test
    void aResultCarriesTheNamesApartFromItsMessages() {
        ExportResult result = ExportResult.builder("p").unmatchedTable("usres").message("a notice").build();

        assertThat(result.unmatchedTables()).containsExactly("usres");
        assertThat(result.messages()).containsExactly("a notice");
        assertThat(result.toString()).contains("unmatchedTables=[usres]");
        assertThat(ExportResult.builder("p").build().unmatchedTables()).isEmpty();
    }

    @Test
    void anEmptySchemaMatchesNothing() {
        assertThat(UnmatchedTables.notices(List.of("users"), List.of())).containsExactly(
                "No table or other object is named 'users', so the dump has nothing for it");
    }

    @Test
    void theNoticesCannotBeChanged() {
        List<String> notices = UnmatchedTables.notices(List.of("x"), SCHEMA);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> notices.add("y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullsAreRefusedByName() {
        assertThatNullPointerException().isThrownBy(() -> UnmatchedTables.notices(null, SCHEMA))
                .withMessage("requested");
        assertThatNullPointerException().isThrownBy(() -> UnmatchedTables.notices(List.of("x"), null));
        assertThatNullPointerException().isThrownBy(() -> UnmatchedTables.notices(Arrays.asList("x", null), SCHEMA))
                .withMessage("requested name");
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesIsRefusedNamingEveryNameThatMatchesNothing() {
        UnmatchedTablesException e = UnmatchedTables.refusal(List.of("usres", "users", "orders"), SCHEMA);

        assertThat(e).hasMessage("No table or other object is named 'usres', 'orders' (did you mean 'Orders'?), and"
                + " the request fails on a name that matches nothing; nothing was exported. Hint: names are matched exactly and"
                + " case-sensitively, as D1 matches them");
        assertThat(e.details().hint()).hasValue("names are matched exactly and case-sensitively, as D1 matches them");
        assertThat(e).isInstanceOf(InvalidExportRequestException.class).isInstanceOf(ExportConfigurationException.class);
        assertThat(e.names()).containsExactly("usres", "orders");
        assertThatIllegalArgumentException().isThrownBy(() -> UnmatchedTables.refusal(List.of("users"), SCHEMA));
    }

    @Test
    void aRequestGoesOnAsD1DoesUnlessToldToFail() {
        ExportRequest.Builder b = ExportRequest.builder().table("users").destination(java.nio.file.Path.of("o.sql"));

        assertThat(b.build().failOnUnmatchedTables()).isFalse();
        ExportRequest strict = b.failOnUnmatchedTables(true).build();
        assertThat(strict.failOnUnmatchedTables()).isTrue();
        assertThat(strict.mutate().build().failOnUnmatchedTables()).isTrue();
        assertThat(strict.toString()).contains("failOnUnmatchedTables=true");
        assertThat(b.failOnUnmatchedTables(false).build().toString()).doesNotContain("failOnUnmatchedTables");
    }

    private static final Map<String, String> TYPED = Map.of("users", "table", "Orders", "table",
            "orders_by_day", "view", "idx_users_name", "index", "users_ai", "trigger");

    @Test
    void withSchemaEveryKindOfObjectMatches() {
        ExportRequest request = ExportRequest.builder().tables("users", "orders_by_day", "idx_users_name", "users_ai")
                .destination(new ByteArrayOutputStream()).build();
        assertThat(UnmatchedTables.names(request, TYPED)).isEmpty();
        assertThat(UnmatchedTables.notices(request, TYPED)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> UnmatchedTables.refusal(request, TYPED));
    }

    @Test
    void withoutSchemaOnlyATableMatchesAndANameThatIsMissingIsWordedAsBefore() {
        ExportRequest request = ExportRequest.builder().tables("users", "orders_by_day", "idx_users_name", "users_ai",
                "ORDERS").noSchema(true).destination(new ByteArrayOutputStream()).build();
        assertThat(UnmatchedTables.names(request, TYPED))
                .containsExactly("orders_by_day", "idx_users_name", "users_ai", "ORDERS");
        assertThat(UnmatchedTables.notices(request, TYPED)).containsExactly(
                "'orders_by_day' is a view, and the request exports rows only (noSchema), so the dump has nothing"
                        + " for it",
                "'idx_users_name' is an index, and the request exports rows only (noSchema), so the dump has nothing"
                        + " for it",
                "'users_ai' is a trigger, and the request exports rows only (noSchema), so the dump has nothing"
                        + " for it",
                UnmatchedTables.notices(List.of("ORDERS"), List.of("users", "Orders")).get(0));
        assertThat(UnmatchedTables.refusal(request, TYPED)).hasMessageStartingWith("No table or other object is"
                + " named 'ORDERS' (did you mean 'Orders'?); 'orders_by_day' is a view, 'idx_users_name' is an index,"
                + " 'users_ai' is a trigger, which the request exports nothing for as it exports rows only"
                + " (noSchema), and the request fails on a name that matches nothing; nothing was exported")
                .satisfies(e -> assertThat(e.names()).containsExactly("orders_by_day", "idx_users_name", "users_ai",
                        "ORDERS"));
        // Only missing names: the refusal is the one for a dump with schema, word for word.
        ExportRequest missing = ExportRequest.builder().tables("ORDERS").noSchema(true)
                .destination(new ByteArrayOutputStream()).build();
        assertThat(UnmatchedTables.refusal(missing, TYPED).getMessage())
                .isEqualTo(UnmatchedTables.refusal(List.of("ORDERS"), List.of("Orders")).getMessage());
    }

    @Test
    void aNullTypeOrMapIsRefused() {
        ExportRequest request = ExportRequest.builder().tables("users").destination(new ByteArrayOutputStream())
                .build();
        Map<String, String> nullType = new HashMap<>();
        nullType.put("users", null);
        assertThatNullPointerException().isThrownBy(() -> UnmatchedTables.names(request, nullType))
                .withMessage("type");
        assertThatNullPointerException().isThrownBy(() -> UnmatchedTables.names(request, null))
                .withMessage("existing");
    }
}
