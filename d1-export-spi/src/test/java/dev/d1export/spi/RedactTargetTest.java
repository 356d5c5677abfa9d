package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link ExportOptions#redactTarget(String)}: what providers show of a target or a path taken from it. */
class RedactTargetTest {

    private static final String TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd";

    @Test
    void aTokenAsTheTargetOrAsAPathSegmentIsMasked() {
        assertThat(ExportOptions.redactTarget(TOKEN)).isEqualTo("****");
        assertThat(ExportOptions.redactTarget("/tmp/x/" + TOKEN)).isEqualTo("/tmp/x/****");
        assertThat(ExportOptions.redactTarget("data/" + TOKEN + "/app.sqlite")).isEqualTo("data/****/app.sqlite");
        assertThat(ExportOptions.redactTarget("C:\\data\\" + TOKEN)).isEqualTo("C:\\data\\****");
        assertThat(ExportOptions.redactTarget("file:" + TOKEN)).isEqualTo("file:****");
        assertThat(ExportOptions.redactTarget(TOKEN + "\u0000")).isEqualTo("****\u0000");
        assertThat(ExportOptions.redactTarget("//account/" + TOKEN)).isEqualTo("//account/****");
    }

    @Test
    void theUrlShowsAPathSegmentMaskedAsTheProviderWould() {
        assertThat(ExportOptions.parse("d1:sqlite:data/" + TOKEN).toUrl()).isEqualTo("d1:sqlite:data/****");
        assertThat(ExportOptions.redact("d1:fixture:file:" + TOKEN)).isEqualTo("d1:fixture:file:****");
    }

    @Test
    void fileNamesUuidsAndShortNamesAreShown() {
        String miniflare = ".wrangler/state/v3/d1/miniflare-D1DatabaseObject/"
                + "0f3d2a9c8b7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c.sqlite";
        assertThat(ExportOptions.redactTarget(miniflare)).isEqualTo(miniflare);
        assertThat(ExportOptions.redactTarget("//acc/4b5e2c3d-1a2b-4c3d-8e9f-0a1b2c3d4e5f"))
                .isEqualTo("//acc/4b5e2c3d-1a2b-4c3d-8e9f-0a1b2c3d4e5f");
        assertThat(ExportOptions.redactTarget("app.sqlite")).isEqualTo("app.sqlite");
        assertThat(ExportOptions.redactTarget("/srv/backups/production_customers_2026")).isEqualTo(
                "/srv/backups/production_customers_2026");
    }

    @Test
    void nullIsRefusedByName() {
        assertThatThrownBy(() -> ExportOptions.redactTarget(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("text");
    }
}
