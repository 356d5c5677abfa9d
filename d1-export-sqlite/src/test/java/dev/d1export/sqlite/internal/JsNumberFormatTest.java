package dev.d1export.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsNumberFormatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0.0|0", "-0.0|0", "1.0|1", "-1.0|-1", "3.0|3", "1.5|1.5", "-2.5|-2.5", "0.1|0.1",
            "0.30000000000000004|0.30000000000000004", "0.3333333333333333|0.3333333333333333",
            "1e21|1e+21", "1e-7|1e-7", "0.000001|0.000001", "1e300|1e+300", "1e-300|1e-300",
            "9.999999999999999e-301|9.999999999999999e-301", "1.7976931348623157e308|1.7976931348623157e+308",
            "4.9e-324|5e-324", "2.5000000000000003e-308|2.5000000000000003e-308",
            "123456789012345680000|123456789012345680000", "9.223372036854775807e18|9223372036854776000",
            "-9.223372036854775808e18|-9223372036854776000", "9007199254740993|9007199254740992",
            "Infinity|Infinity", "-Infinity|-Infinity", "NaN|NaN", "1.5e-7|1.5e-7", "1e100|1e+100",
            "999999999999999900000|999999999999999900000", "1e22|1e+22", "2e23|2e+23", "0.5|0.5",
            "1.0000000000000002|1.0000000000000002", "100|100", "123.456|123.456"})
    void printsLikeJavaScript(String input, String expected) {
        assertThat(JsNumberFormat.toJsString(Double.parseDouble(input))).isEqualTo(expected);
    }

    /** 15,000+ doubles whose strings node printed once (src/test/resources/js/generate-number-tostring.js). */
    @Test
    void matchesNodeOnRecordedDoubles() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("/js/number-tostring.tsv")), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int tab = line.indexOf('\t');
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, tab), 16));
                String expected = line.substring(tab + 1);
                String actual = JsNumberFormat.toJsString(d);
                count++;
                if (!actual.equals(expected)) {
                    mismatches.add(line.substring(0, tab) + " expected " + expected + " got " + actual);
                }
            }
        }
        assertThat(count).isGreaterThan(15_000);
        assertThat(mismatches).isEmpty();
    }

    /** Independent check on fresh random doubles: reads back, and no shorter digits read back. */
    @Test
    void randomDoublesRoundTripWithShortestDigits() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d) || d == 0) {
                continue;
            }
            String js = JsNumberFormat.toJsString(d);
            assertThat(Double.parseDouble(js)).as(js).isEqualTo(d);
            BigDecimal exact = new BigDecimal(Math.abs(d));
            int digits = new BigDecimal(js.replace("e+", "e")).abs().stripTrailingZeros().precision();
            if (digits > 1) {
                BigDecimal shorter = exact.round(new java.math.MathContext(digits - 1));
                BigDecimal up = shorter.add(shorter.ulp());
                BigDecimal down = shorter.subtract(shorter.ulp());
                for (BigDecimal candidate : List.of(shorter, up, down)) {
                    assertThat(candidate.doubleValue()).as("%s has a shorter form %s", js, candidate)
                            .isNotEqualTo(Math.abs(d));
                }
            }
        }
    }

    @Test
    void referenceReadsJavaStringsIntoDigitsAndPointPosition() {
        assertThat(BigDecimalJsNumberFormat.parseJavaString("1.0E-5"))
                .isEqualTo(new BigDecimalJsNumberFormat.Digits("1", -4));
        assertThat(BigDecimalJsNumberFormat.parseJavaString("123.45"))
                .isEqualTo(new BigDecimalJsNumberFormat.Digits("12345", 3));
        assertThat(BigDecimalJsNumberFormat.parseJavaString("0.00123"))
                .isEqualTo(new BigDecimalJsNumberFormat.Digits("123", -2));
        assertThat(BigDecimalJsNumberFormat.parseJavaString("1.5E22"))
                .isEqualTo(new BigDecimalJsNumberFormat.Digits("15", 23));
    }

    /** The reference path must itself agree with node, or comparing against it proves nothing. */
    @Test
    void referenceMatchesNodeOnRecordedDoubles() throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("/js/number-tostring.tsv")), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int tab = line.indexOf('\t');
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, tab), 16));
                assertThat(BigDecimalJsNumberFormat.toJsString(d)).as(line).isEqualTo(line.substring(tab + 1));
            }
        }
    }

    @Test
    void appendAddsToWhatIsThere() {
        StringBuilder sb = new StringBuilder("x=");
        JsNumberFormat.append(-1.5e-7, sb);
        assertThat(sb).hasToString("x=-1.5e-7");
    }
}
