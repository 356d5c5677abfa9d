package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link ExportOptions#redactTarget(String)}: what providers show of a target, masked exactly as the URL shows it,
 * no more: a long folder name inside a path is no secret, and masking it would hide the folder a user has to fix.
 */
class RedactTargetTest {

    private static final String TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd";

    @Test
    void aTokenAsTheWholeTargetOrAsAWordOfItIsMasked() {
        assertThat(ExportOptions.redactTarget(TOKEN)).isEqualTo("****");
        assertThat(ExportOptions.redactTarget(TOKEN + "\n")).isEqualTo("****\n");
        assertThat(ExportOptions.redactTarget(TOKEN + "\u0000")).isEqualTo("****\u0000");
        assertThat(ExportOptions.redactTarget("Bearer " + TOKEN)).isEqualTo("Bearer ****");
        assertThat(ExportOptions.redactTarget("//account/" + TOKEN)).isEqualTo("//account/****");
    }

    @Test
    void asTheUrlShowsIt() {
        for (String target : new String[] {TOKEN, "//account/" + TOKEN, "/data/app.sqlite", "data/" + TOKEN}) {
            assertThat(ExportOptions.parse("d1:x:" + target).toUrl()).isEqualTo("d1:x:"
                    + ExportOptions.redactTarget(target));
        }
    }

    @Test
    void longFolderNamesFileNamesAndUuidsAreShownAndTheUrlRoundTrips() {
        String ci = "/home/runner/work/cloudflare-d1-database-backup-automation/app.sqlite";
        String miniflare = ".wrangler/state/v3/d1/miniflare-D1DatabaseObject/"
                + "0f3d2a9c8b7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c.sqlite";
        for (String target : new String[] {ci, miniflare, "C:\\work\\cloudflare-d1-database-backup-automation\\a.db",
            "//acc/4b5e2c3d-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "app.sqlite"}) {
            assertThat(ExportOptions.redactTarget(target)).isEqualTo(target);
            ExportOptions options = ExportOptions.parse("d1:x:" + target);
            assertThat(ExportOptions.parse(options.toUrl())).isEqualTo(options);
        }
    }

    @Test
    void nullIsRefusedByName() {
        assertThatThrownBy(() -> ExportOptions.redactTarget(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("text");
    }
}
