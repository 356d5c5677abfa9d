package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A secret written JDBC-style after {@code ;} ({@code d1:cloudflare://<account>/my-db;api-token=...}), or after
 * {@code &} with the {@code ?} forgotten, is no query parameter: it was taken as part of the provider part (the
 * {@code cloudflare} provider then looks up a database of that name) and shown whole wherever the URL or target is
 * shown. It is refused as a secret in a URL is, and masked where such a text is shown.
 */
class SecretParameterInTargetTest {

    private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    private static final String SECRET = "hunter22";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "d1:cloudflare://" + ACCOUNT + "/my-db;api-token=SECRET",
        "d1:cloudflare://" + ACCOUNT + "/my-db&api-key=SECRET",
        "d1:sqlite:app.sqlite;Password=SECRET;mode=ro",
        "d1:sqlite:app.sqlite;PWD=SECRET",
        "d1:sqlite:app.sqlite;key-passphrase=SECRET",
        "d1:cloudflare:my-db;client-secret=SECRET?x=1"})
    void aSecretParameterInTheProviderPartIsRefusedWithoutShowingIt(String template) {
        String url = template.replace("SECRET", SECRET);

        assertThatThrownBy(() -> ExportOptions.parse(url))
                .isInstanceOfSatisfying(InvalidExportUrlException.class, e -> {
                    assertThat(e.part()).isEqualTo("provider part");
                    assertThat(e.getMessage()).doesNotContain(SECRET)
                            .contains("holds a secret and must not appear in a URL");
                });
        assertThat(ExportOptions.redact(url)).doesNotContain(SECRET).contains("=****");
    }

    @Test
    void theBuilderRefusesSuchATargetAndRedactTargetMasksIt() {
        assertThatThrownBy(() -> ExportOptions.builder().provider("cloudflare").target("//" + ACCOUNT
                + "/my-db;api-token=" + SECRET))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageNotContaining(SECRET)
                .hasMessageContaining("'api-token'");
        assertThat(ExportOptions.redactTarget("my-db;password=" + SECRET + "/x")).isEqualTo("my-db;password=****");
    }

    @Test
    void aParameterThatIsNoSecretStaysPartOfTheTargetAsWritten() {
        ExportOptions options = ExportOptions.parse("d1:sqlite:app.sqlite;mode=ro&cache=shared");

        assertThat(options.target()).isEqualTo("app.sqlite;mode=ro&cache=shared");
        assertThat(options.toUrl()).isEqualTo("d1:sqlite:app.sqlite;mode=ro&cache=shared");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pwd", "PWD", "db-pwd", "pwd-file", "passphrase", "key-passphrase"})
    void anOdbcStylePasswordOrAPassphraseIsASecretToo(String name) {
        String url = "d1:sqlite:app.sqlite?" + name + "=" + SECRET;

        assertThatThrownBy(() -> ExportOptions.parse(url))
                .isInstanceOfSatisfying(InvalidExportUrlException.class, e -> assertThat(e.getMessage())
                        .doesNotContain(SECRET).contains("'" + name + "' holds a secret and must not appear in a URL"));
        ExportOptions asProperty = ExportOptions.builder().provider("sqlite").target("app.sqlite")
                .option(name, SECRET).build();
        assertThat(asProperty.toString()).doesNotContain(SECRET).contains(name + "=****");
        assertThat(asProperty.toUrl()).isEqualTo("d1:sqlite:app.sqlite");
    }
}
