package dev.d1export.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsEveryKindOfValue() {
        Object value = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"q\\\"\\\\\\/\\n\\u00e9🚀\", \"o\": {}} ");
        assertThat(value).isEqualTo(Map.of("a", Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"), true,
                false, null), "s", "q\"\\/\né🚀", "o", Map.of()));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("text", "tab\there \"quoted\" \u0001");
        map.put("list", List.of(1, 2L, 1.5, true));
        map.put("none", null);
        String json = Json.write(map);
        assertThat(json).isEqualTo("{\"text\":\"tab\\there \\\"quoted\\\" \\u0001\",\"list\":[1,2,1.5,true],"
                + "\"none\":null}");
        assertThat(Json.write(Json.parse(json))).isEqualTo(json);
    }

    @Test
    void refusesBrokenTextNamingThePosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 7");
        assertThatThrownBy(() -> Json.parse("{\"result\":{\"status\":\"act")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("[1] 2")).hasMessageContaining("after the value");
        assertThatThrownBy(() -> Json.parse("\"a\u0001\"")).hasMessageContaining("control character");
    }
}
