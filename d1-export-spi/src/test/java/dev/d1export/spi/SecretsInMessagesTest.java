package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A secret never reaches a message, {@code toString()} or {@code toUrl()}, wherever it was put by mistake: in the
 * place of the URL, of the provider, of a query parameter, in another scheme's URL, or in a property of a provider
 * that declared it secret.
 */
class SecretsInMessagesTest {

    /** Shaped as Cloudflare's API tokens are: 40 letters, digits, '-' and '_'. */
    private static final String TOKEN = "Zq81aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4";
    private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "TOKEN",
        "d1:TOKEN",
        "d1:cloudflare:TOKEN",
        "TOKEN:sqlite:x",
        "d1:TOKEN:x",
        "d1:cloudflare?api-token=TOKEN",
        "d1:cloudflare?api-token=TOKEN&x=a:b",
        "d1:cloudflare//TOKEN/my-db",
        "d1:cloudflare://" + ACCOUNT + "/db?TOKEN",
        "d1:cloudflare://" + ACCOUNT + "/db?=TOKEN",
        "d1:cloudflare://" + ACCOUNT + "/db?TOKEN=1",
        "https://user:TOKEN@api.example.com/client/v4",
        "//TOKEN/db",
        "TOKEN\n",
        " TOKEN",
        "Bearer TOKEN",
        "d1:cloudflare:TOKEN\n"})
    void aTokenWhereverItIsPutInAUrlIsNeverInTheMessage(String url) {
        String withToken = url.replace("TOKEN", TOKEN);

        assertThatThrownBy(() -> D1Export.open(withToken, Map.of()))
                .isInstanceOf(D1ExportException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN).contains("****"));
        assertThat(ExportOptions.redact(withToken)).doesNotContain(TOKEN);
    }

    @Test
    void aLowerCaseKeyPastedAsAQueryParametersNameIsMaskedInTheUnknownOptionAndRepeatMessagesAsInTheUrl() {
        // A global API key is 37 lower-case hex digits: starting with a letter, it is a well-formed option name, so
        // it passes the URL's name check, and toUrl() shows it as ****; the messages about it must too.
        String key = "c2547eb745079dac9320b638f5e225cf483cc";
        ExportOptions options = ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/db?" + key + "=1");
        assertThat(options.toUrl()).isEqualTo("d1:cloudflare://" + ACCOUNT + "/db?****=1");

        assertThatThrownBy(() -> options.requireKnown(java.util.List.of(ExportOption.bool("column-list"))))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Unknown option '****' for provider 'cloudflare'; known options: column-list");
        assertThatThrownBy(() -> ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/db?" + key + "=1&" + key
                + "=2")).isInstanceOf(InvalidExportUrlException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key)
                        .endsWith("query: parameter '****' is given twice"));
        // An ordinary name stays shown.
        assertThatThrownBy(() -> ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/db?colum-list=1")
                .requireKnown(java.util.List.of(ExportOption.bool("column-list"))))
                .hasMessageStartingWith("Unknown option 'colum-list' for provider 'cloudflare'");
    }

    @Test
    void aTokenSwappedWithTheDatabaseIsMaskedInTheOptionsToo() {
        ExportOptions swapped = ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/" + TOKEN);

        assertThat(swapped.toUrl()).isEqualTo("d1:cloudflare://" + ACCOUNT + "/****");
        assertThat(swapped.toString()).doesNotContain(TOKEN);
        assertThat(ExportOptions.redact("d1:cloudflare://" + ACCOUNT + "/" + TOKEN + "?x=1"))
                .isEqualTo("d1:cloudflare://" + ACCOUNT + "/****?x=1");
        assertThat(ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/my-db").toUrl())
                .isEqualTo("d1:cloudflare://" + ACCOUNT + "/my-db");
    }

    @Test
    void aTokenGivenAsAnIdentifierOptionIsMaskedAsInTheUrlsAuthority() {
        // account-id=<token>: a token pasted where the account id belongs, as a query value or a property.
        ExportOptions query = ExportOptions.parse("d1:cloudflare:app?account-id=" + TOKEN);
        ExportOptions property = ExportOptions.parse("d1:cloudflare:app", Map.of("account-id", TOKEN));

        assertThat(query.toUrl()).isEqualTo("d1:cloudflare:app?account-id=****");
        assertThat(property.toUrl()).isEqualTo("d1:cloudflare:app?account-id=****");
        assertThat(property.toString()).isEqualTo("ExportOptions{d1:cloudflare:app, account-id=****}");
        assertThat(ExportOptions.redact("d1:cloudflare:app?account-id=" + TOKEN + "&x=1"))
                .isEqualTo("d1:cloudflare:app?account-id=****&x=1");
        assertThat(ExportOptions.redact("d1:cloudflare:app?Database_ID=" + TOKEN)).doesNotContain(TOKEN);
        // Still the value the provider gets.
        assertThat(property.get(ExportOption.string("account-id"))).contains(TOKEN);
        // What identifiers look like stays shown: Cloudflare's 32 hex digits, a UUID, a short name.
        String database = "0f2e4c6a-1111-4222-8333-944455556666";
        assertThat(ExportOptions.parse("d1:cloudflare:app?account-id=" + ACCOUNT + "&database-id=" + database
                + "&x-id=test-account").toUrl()).isEqualTo("d1:cloudflare:app?account-id=" + ACCOUNT
                + "&database-id=" + database + "&x-id=test-account");
        // Other options keep their long values: a bookmark is no secret, and is needed whole.
        String bookmark = "00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683";
        assertThat(ExportOptions.parse("d1:cloudflare:app?bookmark=" + bookmark).toUrl()).contains(bookmark);
    }

    @Test
    void whatIsNotASecretIsStillShownSoTheMessageHelps() {
        assertThatThrownBy(() -> ExportOptions.parse("d1:cloudflare//" + ACCOUNT + "/my-db"))
                .hasMessageContaining("missing ':' after provider 'cloudflare'")
                .hasMessageContaining(ACCOUNT);
        assertThatThrownBy(() -> ExportOptions.parse("d1:sqlite?x=1"))
                .hasMessageContaining("'d1:sqlite?x=1'").hasMessageContaining("missing ':' after provider 'sqlite'");
        assertThatThrownBy(() -> ExportOptions.parse("d1:sq/lite:x"))
                .hasMessageContaining("'sq' is followed by '/', which a provider name cannot hold");
        assertThat(ExportOptions.redact("https://api.example.com/client/v4"))
                .isEqualTo("https://api.example.com/client/v4");
        assertThat(ExportOptions.redact("d1:sqlite:data/" + TOKEN + ".sqlite"))
                .as("a file name with a dot is not a token").contains(TOKEN);
        String database = "0f2e4c6a-1111-4222-8333-944455556666";
        assertThat(ExportOptions.redact("d1:cloudflare:" + database)).as("a database id is no secret")
                .isEqualTo("d1:cloudflare:" + database);
        assertThat(ExportOptions.parse("d1:cloudflare:" + database).toString()).contains(database);
    }

    @Test
    void anotherSchemesUserInfoIsMasked() {
        assertThat(ExportOptions.redact("https://user:hunter2@api.example.com/x"))
                .isEqualTo("https://****@api.example.com/x");
        assertThatThrownBy(() -> D1Export.open("https://user:hunter2@api.example.com/client/v4"))
                .isInstanceOf(InvalidExportUrlException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void aProvidersSecretOptionIsMaskedByNameEvenInOptionsMadeBeforeTheProviderWasAsked() {
        ExportOption<String> passphrase = ExportOption.secret("passphrase");
        ExportOptions options = ExportOptions.parse("d1:vault:db", Map.of("passphrase", "hunter2"));

        assertThat(options.get(passphrase)).contains("hunter2");
        assertThat(options.toString()).doesNotContain("hunter2").contains("passphrase=****");
        assertThat(options.toUrl()).doesNotContain("hunter2");
    }

    @Test
    void aNoProviderErrorShowsNoPropertysValueAsNoProviderHasSaidWhichAreSecret() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(false).build();

        assertThatThrownBy(() -> registry.open("d1:vault:db?mode=fast", Map.of("unlock-phrase", "hunter2")))
                .isInstanceOf(ProviderNotFoundException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2")
                        .contains("d1:vault:db?mode=fast&unlock-phrase=****"));
    }

    /**
     * A value the options never show (a secret-looking name, a value set with {@code secret()}, a token pasted into the
     * wrong option, a URL's user info) is not shown either when it fails to convert: the error names the option and
     * what it expects.
     */
    @Test
    void aValueThatFailsToConvertShowsNoSecret() {
        ExportOptions byName = ExportOptions.parse("d1:x:t", Map.of("signing-key", TOKEN));
        assertThat(byName.toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> byName.get(ExportOption.number("signing-key")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'signing-key'")
                .hasMessageContaining("expected a whole number").hasMessageNotContaining(TOKEN);

        ExportOptions markedSecret = ExportOptions.builder().provider("x").target("t").secret("pin", "12x4").build();
        assertThatThrownBy(() -> markedSecret.get(ExportOption.number("pin")))
                .isInstanceOf(InvalidOptionException.class).hasMessageNotContaining("12x4");

        ExportOptions pastedToken = ExportOptions.parse("d1:x:t", Map.of("timeout", TOKEN + "\n"));
        assertThatThrownBy(() -> pastedToken.get(ExportOption.duration("timeout")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'timeout'")
                .hasMessageNotContaining(TOKEN);

        ExportOptions withUserInfo = ExportOptions.parse("d1:x:t", Map.of("retries", "https://u:hunter2@h/x"));
        assertThatThrownBy(() -> withUserInfo.get(ExportOption.number("retries")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("https://****@h/x")
                .hasMessageNotContaining("hunter2");
        // Without a scheme too: a scheme-relative URL's user info is as secret.
        ExportOptions schemeRelative = ExportOptions.parse("d1:x:t", Map.of("retries", "//u:hunter2@h/x?k=v"));
        assertThat(schemeRelative.toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> schemeRelative.get(ExportOption.number("retries")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("//****@h/x")
                .hasMessageNotContaining("hunter2");

        // What is no secret is still named, so the message helps.
        ExportOptions plain = ExportOptions.parse("d1:x:t?timeout=soon");
        assertThatThrownBy(() -> plain.get(ExportOption.duration("timeout")))
                .hasMessageContaining("invalid value 'soon'");
    }

    @Test
    void aBuiltTargetWithUserInfoIsRefusedAsInAUrl() {
        assertThatThrownBy(() -> ExportOptions.builder().provider("cloudflare").target("//user:hunter2@acct/db"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("user info")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void percentEscapesThatAreNotUtf8AreAnErrorNotReplacementCharacters() {
        assertThatThrownBy(() -> ExportOptions.parse("d1:sqlite:a.sqlite?base-url=http://h/%FF"))
                .isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("parameter 'base-url' has percent escapes that are not UTF-8 text");
        assertThat(ExportOptions.parse("d1:sqlite:a.sqlite?x=%C3%A9").get("x")).contains("é");
    }
}
