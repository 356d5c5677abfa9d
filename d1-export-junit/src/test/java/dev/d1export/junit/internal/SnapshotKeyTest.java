package dev.d1export.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a shared export's key shows in messages and logs ("Snapshot ... could not be exported"). */
class SnapshotKeyTest {

    private static final ExportOptions SHOP = ExportOptions.parse("d1:fixture:classpath:fixtures/shop.sql");

    @Test
    void aKeyNamesItsUrlItsTablesAndEachSwitchThatIsOn() {
        assertThat(new SnapshotKey(SHOP, List.of(), false, false))
                .hasToString("d1:fixture:classpath:fixtures/shop.sql tables=all");
        assertThat(new SnapshotKey(SHOP, List.of("customers", "orders"), true, false))
                .hasToString("d1:fixture:classpath:fixtures/shop.sql tables=[customers, orders] noData");
        assertThat(new SnapshotKey(SHOP, List.of("orders"), false, true))
                .hasToString("d1:fixture:classpath:fixtures/shop.sql tables=[orders] noSchema");
    }
}
