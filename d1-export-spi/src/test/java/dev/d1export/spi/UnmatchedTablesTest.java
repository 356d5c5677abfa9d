package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Arrays;
import java.util.List;
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
}
