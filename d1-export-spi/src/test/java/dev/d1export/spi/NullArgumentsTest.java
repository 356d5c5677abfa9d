package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
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
    void unmatchedTablesNamesTheRequestAndItsNames() {
        ExportRequest request = ExportRequest.builder().tables("a").noSchema(true)
                .destination(new ByteArrayOutputStream()).build();
        for (boolean refusal : new boolean[] {false, true}) {
            assertThatThrownBy(() -> call(refusal, null, Map.of("a", "view"))).hasMessage("request");
            assertThatThrownBy(() -> call(refusal, request, null)).hasMessage("existing");
        }
        assertThatThrownBy(() -> UnmatchedTables.names(null, Map.of())).hasMessage("request");
    }

    private static Object call(boolean refusal, ExportRequest request, Map<String, String> existing) {
        return refusal ? UnmatchedTables.refusal(request, existing) : UnmatchedTables.notices(request, existing);
    }

    @Test
    void providerNotFoundNamesItsLists() {
        assertThatThrownBy(() -> new ProviderNotFoundException("m", null, List.of())).hasMessage("available");
        assertThatThrownBy(() -> new ProviderNotFoundException("m", List.of(), null)).hasMessage("failures");
    }

    @Test
    void optionConversionNamesTheOption() {
        assertThatThrownBy(() -> ExportOption.string("table-prefix").convert(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("raw (value of option 'table-prefix')");
        assertThatThrownBy(() -> ExportOption.number("batch-size").convert(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("raw (value of option 'batch-size')");
    }
}
