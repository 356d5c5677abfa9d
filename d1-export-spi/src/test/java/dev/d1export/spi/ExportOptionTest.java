package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An option's identity (name, type, sensitivity), how it shows itself, and what it says it expects. */
class ExportOptionTest {

    /** An enum to build a choice option from. */
    enum Speed { FAST, VERY_SLOW }

    @Test
    void optionsOfTheSameNameTypeAndSensitivityAreEqualWithEqualHashCodes() {
        ExportOption<Long> a = ExportOption.number("max-rows");
        ExportOption<Long> b = ExportOption.number("max-rows");

        assertThat(a).isEqualTo(b).isNotSameAs(b).hasSameHashCodeAs(b);
        assertThat(ExportOption.secret("api-token")).isEqualTo(ExportOption.secret("api-token"))
                .hasSameHashCodeAs(ExportOption.secret("api-token"));
    }

    @Test
    void optionsDifferingInNameTypeOrSensitivityAreNotEqual() {
        // Declaring a secret option makes its name secret JVM-wide: a name no other test uses.
        ExportOption<String> plain = ExportOption.string("option-test-pin");

        assertThat(plain).isNotEqualTo(ExportOption.string("option-test-other"))
                .as("same name, another type").isNotEqualTo(ExportOption.bool("option-test-pin"))
                .as("same name and type, but secret").isNotEqualTo(ExportOption.secret("option-test-pin"))
                .isNotEqualTo("option-test-pin")
                .isNotEqualTo(null);
    }

    @Test
    void onlyASecretOptionIsSensitive() {
        assertThat(ExportOption.secret("option-test-pin").sensitive()).isTrue();
        assertThat(ExportOption.string("option-test-pin").sensitive()).isFalse();
    }

    @Test
    void toStringIsTheNameMarkedWhenSecret() {
        assertThat(ExportOption.string("label")).hasToString("label");
        assertThat(ExportOption.secret("api-key")).hasToString("api-key (secret)");
    }

    @Test
    void typeIsTheClassOfTheConvertedValue() {
        assertThat(ExportOption.string("a").type()).isEqualTo(String.class);
        assertThat(ExportOption.secret("a-token").type()).isEqualTo(String.class);
        assertThat(ExportOption.bool("a").type()).isEqualTo(Boolean.class);
        assertThat(ExportOption.number("a").type()).isEqualTo(Long.class);
        assertThat(ExportOption.decimal("a").type()).isEqualTo(Double.class);
        assertThat(ExportOption.duration("a").type()).isEqualTo(Duration.class);
        assertThat(ExportOption.choice("a", Speed.class).type()).isEqualTo(Speed.class);
    }

    @Test
    void expectedDescribesTheValuesEachKindOfOptionAccepts() {
        assertThat(ExportOption.string("a").expected()).isEqualTo("text");
        assertThat(ExportOption.secret("a-token").expected()).isEqualTo("text");
        assertThat(ExportOption.bool("a").expected()).isEqualTo("true or false (also yes/no, on/off, 1/0)");
        assertThat(ExportOption.number("a").expected()).isEqualTo("a whole number");
        assertThat(ExportOption.decimal("a").expected()).isEqualTo("a decimal number");
        assertThat(ExportOption.duration("a").expected()).isEqualTo("a duration such as 500ms, 30s, 5m, 2h or PT30S");
        assertThat(ExportOption.choice("a", Speed.class).expected()).isEqualTo("one of fast, very-slow");
    }
}
