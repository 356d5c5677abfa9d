package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.cli.internal.Formats;
import dev.d1export.cli.internal.Json;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written JSON is valid JSON for any text, and sizes and durations read well. */
class JsonAndFormatsTest {

    @Test
    void everyAwkwardStringRoundTrips() {
        String awkward = "quote \" backslash \\ slash / newline \n return \r tab \t nul \u0000 bell \u0007 "
                + "sep \u2028\u2029 unicode 李小龍 🐉 é";

        String json = new Json().put("text", awkward).put("list", List.of("a", awkward))
                .put("nested", new Json().put("n", 42L).put("i", -7).put("b", false).put("none", null))
                .put("empty", List.of()).toString();

        Map<String, Object> parsed = JsonReader.object(json);
        assertThat(parsed.get("text")).isEqualTo(awkward);
        assertThat(parsed.get("list")).isEqualTo(List.of("a", awkward));
        Map<String, Object> nested = new java.util.LinkedHashMap<>();
        nested.put("n", 42L);
        nested.put("i", -7L);
        nested.put("b", false);
        nested.put("none", null);
        assertThat(parsed.get("nested")).isEqualTo(nested);
        assertThat(parsed.get("empty")).isEqualTo(List.of());
        assertThat(json).doesNotContain("\n").doesNotContain("\u2028");
    }

    @Test
    void listsMayHoldNulls() {
        assertThat(JsonReader.parse(new Json().put("l", Arrays.asList("x", null)).toString()))
                .isEqualTo(Map.of("l", Arrays.asList("x", null)));
    }

    @Test
    void fractionsAreRefusedRatherThanWrittenInALocaleFormat() {
        assertThatThrownBy(() -> new Json().put("d", 1.5).toString()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytes() {
        assertThat(Formats.bytes(0)).isEqualTo("0 bytes");
        assertThat(Formats.bytes(1)).isEqualTo("1 byte");
        assertThat(Formats.bytes(1023)).isEqualTo("1023 bytes");
        assertThat(Formats.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Formats.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Formats.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
    }

    @Test
    void durations() {
        assertThat(Formats.duration(Duration.ofMillis(312))).isEqualTo("312 ms");
        assertThat(Formats.duration(Duration.ofMillis(4250))).isEqualTo("4.3 s");
        assertThat(Formats.duration(Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
        assertThat(Formats.duration(Duration.ofMinutes(62))).isEqualTo("1 h 02 min");
        assertThat(Formats.duration(Duration.ofMillis(-5))).isEqualTo("0 ms");
        // Rounded before the unit is chosen: never "60.0 s" or "59 min 60 s".
        assertThat(Formats.duration(Duration.ofMillis(59_949))).isEqualTo("59.9 s");
        assertThat(Formats.duration(Duration.ofMillis(59_950))).isEqualTo("1 min 00 s");
        assertThat(Formats.duration(Duration.ofMillis(119_600))).isEqualTo("2 min 00 s");
        assertThat(Formats.duration(Duration.ofMillis(3_599_500))).isEqualTo("1 h 00 min");
        assertThat(Formats.duration(Duration.ofSeconds(7_199))).isEqualTo("2 h 00 min");
    }

    @Test
    void rates() {
        assertThat(Formats.rate(3L * 1024 * 1024, 2_000_000_000L)).isEqualTo("1.5 MiB/s");
        assertThat(Formats.rate(100, 0)).isEqualTo("?/s");
    }
}
