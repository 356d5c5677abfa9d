package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.internal.UrlParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A choice option takes its constants' names in any ASCII case, with {@code -} or {@code _}, and nothing else:
 * {@link String#equalsIgnoreCase} alone also matched letters that only case-map to ASCII ones (the long s U+017F to
 * {@code S}, the dotless i U+0131 to {@code I}, the Kelvin sign U+212A to {@code k}), so {@code ſkip} selected
 * {@code skip}, as no duration unit or provider name may.
 */
class ChoiceOptionSpellingTest {

    /** As the sqlite provider's virtual-tables choice. */
    enum Mode { FAIL, SKIP, KEEP_ALL }

    private static final ExportOption<Mode> MODE = ExportOption.choice("mode", Mode.class);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\u017Fkip", "fa\u0131l", "\u212Aeep-all", "s\u212Aip"})
    void aLetterThatOnlyCaseMapsToAnAsciiOneSelectsNoConstant(String value) {
        assertThatThrownBy(() -> MODE.convert(value))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'mode' has an invalid value '" + value + "': expected one of fail, skip, keep-all");
        ExportOptions fromUrl = ExportOptions.parse("d1:mine:x?mode=" + UrlParser.encode(value));
        assertThatThrownBy(() -> fromUrl.get(MODE)).isInstanceOf(InvalidOptionException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"skip, SKIP", "SKIP, SKIP", "Fail, FAIL", "keep-all, KEEP_ALL", "KEEP_ALL, KEEP_ALL", "Keep-All, KEEP_ALL",
        "' skip ', SKIP"})
    void anyAsciiCaseOfAConstantsNameSelectsIt(String value, Mode expected) {
        assertThat(MODE.convert(value)).isEqualTo(expected);
    }
}
