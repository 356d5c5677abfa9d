package dev.d1export.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a shared export's key shows in messages and logs ("Snapshot ... could not be exported"), and whether the URL it
 * shows tells the export from every other.
 */
class SnapshotKeyTest {

    private static final ExportOptions SHOP = ExportOptions.parse("d1:fixture:classpath:fixtures/shop.sql");
    /** 40 hex digits: no account id is that long, a token is; shown as {@code ****}. */
    private static final String LONG_ID = "0123456789abcdef0123456789abcdef01234567";
    private static final String OTHER_LONG_ID = "fedcba9876543210fedcba9876543210fedcba98";

    @Test
    void aKeyNamesItsUrlItsTablesAndEachSwitchThatIsOn() {
        assertThat(new SnapshotKey(SHOP, List.of(), false, false))
                .hasToString("d1:fixture:classpath:fixtures/shop.sql tables=all");
        assertThat(new SnapshotKey(SHOP, List.of("customers", "orders"), true, false))
                .hasToString("d1:fixture:classpath:fixtures/shop.sql tables=[customers, orders] noData");
        assertThat(new SnapshotKey(SHOP, List.of("orders"), false, true))
                .hasToString("d1:fixture:classpath:fixtures/shop.sql tables=[orders] noSchema");
    }

    @Test
    void oneExportShowsOneUrlWhateverTheOrderOfItsOptions() {
        SnapshotKey written = key(ExportOptions.parse("d1:fixture:classpath:a.sql?delay=1ms&bookmark=b"));
        SnapshotKey configured = key(ExportOptions.parse("d1:fixture:classpath:a.sql?bookmark=b",
                Map.of("delay", "1ms")));

        assertThat(written).isEqualTo(configured);
        assertThat(written.url()).isEqualTo(configured.url())
                .isEqualTo("d1:fixture:classpath:a.sql?bookmark=b&delay=1ms");
        assertThat(written.urlShowsAll()).isTrue();
    }

    @Test
    void aUrlThatShowsEverythingButItsSecretsShowsAll() {
        SnapshotKey key = key(ExportOptions.parse("d1:cloudflare://0123456789abcdef0123456789abcdef/shop",
                Map.of("api-token", "secret-token-value", "base-url", "http://127.0.0.1:8080/client/v4")));

        assertThat(key.urlShowsAll()).isTrue();
        assertThat(key.url()).doesNotContain("secret-token-value");
    }

    @Test
    void twoExportsWhoseUrlsShowTheSameAreTwoKeysWhoseUrlsDoNotShowAll() {
        List<List<SnapshotKey>> pairs = List.of(
                // An account id of a token's shape, in the authority or as an identifier option.
                List.of(key("d1:cloudflare://" + LONG_ID + "/shop"), key("d1:cloudflare://" + OTHER_LONG_ID + "/shop")),
                List.of(key("d1:cloudflare:shop?account-id=" + LONG_ID),
                        key("d1:cloudflare:shop?account-id=" + OTHER_LONG_ID)),
                // A database of a token's shape.
                List.of(key("d1:cloudflare://acc/orders_of_the_first_shop_in_this_test_run"),
                        key("d1:cloudflare://acc/orders_of_the_other_shop_in_this_test_run")),
                // A URL-valued option is shown without its query.
                List.of(key(ExportOptions.builder().provider("cloudflare").target("//acc/shop")
                                .option("base-url", "http://127.0.0.1:8080/client/v4?region=a").build()),
                        key(ExportOptions.builder().provider("cloudflare").target("//acc/shop")
                                .option("base-url", "http://127.0.0.1:8080/client/v4?region=b").build())));
        for (List<SnapshotKey> pair : pairs) {
            SnapshotKey first = pair.get(0);
            SnapshotKey other = pair.get(1);
            assertThat(first).as("two exports").isNotEqualTo(other);
            assertThat(first.url()).as("shown alike").isEqualTo(other.url());
            assertThat(first.urlShowsAll()).as(first.url()).isFalse();
            assertThat(other.urlShowsAll()).as(other.url()).isFalse();
        }
    }

    @Test
    void theKeyOfTheLockOfADatabaseShowsItsTargetMasked() {
        assertThat(new SnapshotService.DatabaseKey("cloudflare", "//" + LONG_ID + "/shop").toString())
                .doesNotContain(LONG_ID).contains("cloudflare").contains("****");
    }

    private static SnapshotKey key(String url) {
        return key(ExportOptions.parse(url));
    }

    private static SnapshotKey key(ExportOptions options) {
        return new SnapshotKey(options, List.of(), false, false);
    }
}
