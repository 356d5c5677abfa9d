package dev.d1export.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URLs shown in messages keep what helps and lose what could be a secret. */
class UrlRedactionTest {

    @Test
    void validUrlsAreShownAsTheSpiShowsThem() {
        assertThat(UrlRedaction.redact("d1:fixture:classpath:shop.sql?journal=j&delay=5ms"))
                .isEqualTo("d1:fixture:classpath:shop.sql?journal=j&delay=5ms");
    }

    @Test
    void secretLookingQueryValuesAreMaskedWhateverTheSpellingOfTheName() {
        assertThat(UrlRedaction.redact("d1:x:db?api-token=s1&Client-Secret=s2&api%2Dkey=s3&password=s4&mode=fast"))
                .isEqualTo("d1:x:db?api-token=****&Client-Secret=****&api%2Dkey=****&password=****&mode=fast");
    }

    @Test
    void userInfoIsMasked() {
        assertThat(UrlRedaction.redact("d1:cloudflare://me:s1@acc/db?x=1"))
                .isEqualTo("d1:cloudflare://****@acc/db?x=1");
        assertThat(UrlRedaction.redact("d1:cloudflare://me:s1@acc")).isEqualTo("d1:cloudflare://****@acc");
    }

    @Test
    void aFragmentIsMasked() {
        assertThat(UrlRedaction.redact("d1:x:db?a=b#token=s1")).isEqualTo("d1:x:db?a=b#****");
    }

    @Test
    void textThatIsNoUrlIsShownAsItIs() {
        assertThat(UrlRedaction.redact("jdbc:sqlite:x")).isEqualTo("jdbc:sqlite:x");
        assertThat(UrlRedaction.redact(null)).isEqualTo("null");
    }
}
