package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A null argument is refused naming the parameter, not a JDK-internal variable ("coll", "c"). */
class NullArgumentsTest {

    @Test
    void unmatchedTablesNamesItsCollections() {
        assertThatThrownBy(() -> UnmatchedTables.notices(List.of("a"), null)).hasMessage("existing");
        assertThatThrownBy(() -> UnmatchedTables.notices(null, List.of("a"))).hasMessage("requested");
        assertThatThrownBy(() -> UnmatchedTables.names(List.of("a"), null)).hasMessage("existing");
    }

    @Test
    void providerNotFoundNamesItsLists() {
        assertThatThrownBy(() -> new ProviderNotFoundException("m", null, List.of())).hasMessage("available");
        assertThatThrownBy(() -> new ProviderNotFoundException("m", List.of(), null)).hasMessage("failures");
    }
}
