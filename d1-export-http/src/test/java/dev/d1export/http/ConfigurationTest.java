package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.d1export.http.CloudflareStub.ACCOUNT;
import static dev.d1export.http.CloudflareStub.DATABASE;
import static dev.d1export.http.CloudflareStub.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.d1export.spi.AuthenticationException;
import dev.d1export.spi.D1Export;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidExportUrlException;
import dev.d1export.spi.InvalidOptionException;
import dev.d1export.spi.MissingCredentialsException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating exporters: discovery, options, environment fallbacks (through an injected environment), both auth schemes
 * on the wire, transport rules, a caller's HttpClient, and secrets kept out of every message, log line and toString.
 */
class ConfigurationTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = new CloudflareStub(wm);

    @TempDir
    Path dir;

    private static ExportOptions bare(String url) {
        return ExportOptions.parse(url);
    }

    private static CloudflareExportProvider providerWith(Map<String, String> env) {
        return CloudflareExportProvider.builder().environment(env::get).build();
    }

    private void exportWith(Exporter exporter) {
        try (exporter) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).build());
        }
    }

    // ---- discovery ----

    @Test
    void theProviderIsFoundThroughServiceLoaderAndTheFacade() {
        assertThat(ServiceLoader.load(ExportProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(CloudflareExportProvider.class);
        assertThat(D1Export.providers()).extracting(ExportProvider::name).contains("cloudflare");
        try (Exporter exporter = D1Export.open("d1:cloudflare://" + ACCOUNT + "/" + DATABASE,
                Map.of("api-token", TOKEN))) {
            assertThat(exporter).isNotNull();
            assertThat(exporter.toString()).doesNotContain(TOKEN);
        }
        CloudflareExportProvider provider = new CloudflareExportProvider();
        assertThat(provider.supportedOptions()).containsAll(CloudflareOptions.all());
        assertThat(provider.description()).contains("d1:cloudflare://");
    }

    // ---- credentials ----

    @Test
    void noCredentialsAnywhereFailsInCreateNamingWhatToSet() {
        assertThatThrownBy(() -> providerWith(Map.of()).create(bare("d1:cloudflare://" + ACCOUNT + "/" + DATABASE)))
                .isInstanceOf(MissingCredentialsException.class)
                .hasMessageContaining("CLOUDFLARE_API_TOKEN").hasMessageContaining("api-token")
                .hasMessageContaining("CLOUDFLARE_EMAIL").hasMessageContaining("CLOUDFLARE_API_KEY");
    }

    @Test
    void anApiKeyWithoutAnEmailIsMissingCredentials() {
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_KEY", "k")).create(
                bare("d1:cloudflare://" + ACCOUNT + "/" + DATABASE)))
                .isInstanceOf(MissingCredentialsException.class).hasMessageContaining("CLOUDFLARE_EMAIL");
        assertThatThrownBy(() -> providerWith(Map.of()).create(bare("d1:cloudflare://" + ACCOUNT + "/" + DATABASE)
                .mutate().secret("api-key", "k").build()))
                .isInstanceOf(MissingCredentialsException.class).hasMessageContaining("email");
    }

    @Test
    void aTokenAndAKeyTogetherAreRefused() {
        assertThatThrownBy(() -> providerWith(Map.of()).create(api.options().secret("api-key", "k")
                .option("email", "a@b.c").build())).isInstanceOf(InvalidOptionException.class)
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void everythingCanComeFromTheEnvironmentWithABearerToken() throws Exception {
        api.stubCalls(api.complete());
        api.stubDump();
        Map<String, String> env = CloudflareStub.env("CLOUDFLARE_ACCOUNT_ID", ACCOUNT,
                "CLOUDFLARE_API_TOKEN", "env-token-value", "CLOUDFLARE_API_BASE_URL", api.baseUrl() + "/");

        exportWith(providerWith(env).create(bare("d1:cloudflare:" + DATABASE + "?min-poll-interval=5ms")));

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        LoggedRequest call = api.exportCalls().get(0);
        assertThat(call.getHeader("Authorization")).isEqualTo("Bearer env-token-value");
        assertThat(call.containsHeader("X-Auth-Key")).isFalse();
    }

    @Test
    void theLegacyKeyAndEmailComeFromTheEnvironment() {
        api.stubCalls(api.complete());
        api.stubDump();
        Map<String, String> env = CloudflareStub.env("CLOUDFLARE_EMAIL", "ops@example.com",
                "CLOUDFLARE_API_KEY", CloudflareStub.API_KEY, "CLOUDFLARE_API_BASE_URL", api.baseUrl());

        exportWith(providerWith(env).create(bare(api.url())));

        LoggedRequest call = api.exportCalls().get(0);
        assertThat(call.getHeader("X-Auth-Email")).isEqualTo("ops@example.com");
        assertThat(call.getHeader("X-Auth-Key")).isEqualTo(CloudflareStub.API_KEY);
        assertThat(call.containsHeader("Authorization")).isFalse();
    }

    @Test
    void optionsWinOverTheEnvironment() {
        api.stubCalls(api.complete());
        api.stubDump();
        Map<String, String> env = CloudflareStub.env("CLOUDFLARE_API_TOKEN", "env-token",
                "CLOUDFLARE_API_BASE_URL", "https://wrong.example.com/client/v4");

        exportWith(providerWith(env).create(api.options().build()));

        assertThat(api.exportCalls().get(0).getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    // ---- the URL and the account ----

    @Test
    void anAccountIsRequiredSomewhere() {
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t")).create(
                bare("d1:cloudflare:" + DATABASE))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("CLOUDFLARE_ACCOUNT_ID").hasMessageContaining("account-id");
    }

    @Test
    void aTokenPutWhereTheDatabaseOrTheBaseUrlBelongsIsNotShown() {
        String pasted = "Zq81aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4";
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t")).create(
                bare("d1:cloudflare:" + pasted))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("d1:cloudflare://<account_id>/****")
                .hasMessageNotContaining(pasted);
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t")).create(
                bare("d1:cloudflare:" + DATABASE))).hasMessageContaining("d1:cloudflare://<account_id>/" + DATABASE);
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_BASE_URL", pasted)).create(
                api.options().remove("base-url").build())).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("CLOUDFLARE_API_BASE_URL ('****')").hasMessageNotContaining(pasted);
    }

    @Test
    void aTokenPastedAsOneSegmentOfARefusedDatabasePathIsMaskedInTheReasonAsInTheUrl() {
        // d1:cloudflare://<account>/<token>/x (a swapped or extra argument): the URL shows ****/x, and the reason
        // beside it must not give the token away.
        String pasted = "Zq81aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4";
        CloudflareExportProvider withToken = providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t"));
        for (String path : List.of(pasted + "/x", "x/" + pasted, "x/" + pasted + "/")) {
            assertThatThrownBy(() -> withToken.create(bare("d1:cloudflare://" + ACCOUNT + "/" + path)))
                    .as(path).isInstanceOf(InvalidExportUrlException.class)
                    .hasMessageContaining("database: '" + path.replace(pasted, "****")
                            + "' is neither a database UUID nor a database name")
                    .hasMessageNotContaining(pasted);
        }
        // A database name that is no token stays shown, as the URL shows it.
        assertThatThrownBy(() -> withToken.create(bare("d1:cloudflare://" + ACCOUNT + "/orders/2024")))
                .hasMessageContaining("database: 'orders/2024' is neither a database UUID nor a database name");
    }

    @Test
    void aTokenPastedBeforeAnotherWordWhereTheDatabaseBelongsIsNotShownInTheMissingAccountMessage() {
        // d1:cloudflare:<token> x (a token and a word pasted as one argument): the URL shows '**** x', as a word of
        // that shape alone between white space is masked; the hint that names the URL to write must mask it too.
        String pasted = "Zq81aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4";
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t")).create(
                bare("d1:cloudflare:" + pasted + " x"))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("use d1:cloudflare://<account_id>/**** x, the option 'account-id'")
                .hasMessageNotContaining(pasted);
    }

    @Test
    void aRefusedAccountOrDatabaseIsShownWithItsControlCharactersEscaped() {
        // Shown raw, a line break would let a value forge a log line, and an escape sequence rewrite a terminal.
        CloudflareExportProvider withToken = providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t"));
        assertThatThrownBy(() -> withToken.create(api.options().target(DATABASE)
                .option("account-id", "abc\r\nX-Evil: 1").build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("Option 'account-id': 'abc\\r\\nX-Evil: 1' is not an account id")
                .hasMessageNotContainingAny("\r", "\n");
        assertThatThrownBy(() -> withToken.create(api.options().target("db\u001b[2J").option("account-id", ACCOUNT).build()))
                .isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("'db\\u001B[2J' is neither a database UUID nor a database name")
                .hasMessageNotContaining("\u001b");
        // DEL and the C1 controls are escaped too; from the no-break space on, characters are shown as they are.
        assertThatThrownBy(() -> withToken.create(api.options().target("db\u001b\u007f\u009f\u00a0\u00e9")
                .option("account-id", ACCOUNT).build()))
                .isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("'db\\u001B\\u007F\\u009F\u00a0\u00e9' is neither a database UUID nor");
    }

    @Test
    void aBaseUrlPortOutOfRangeIsRefusedByCreate() {
        CloudflareExportProvider provider = providerWith(Map.of());
        for (String port : List.of("99999", "0", "65536")) {
            assertThatThrownBy(() -> provider.create(api.options()
                    .option("base-url", "https://127.0.0.1:" + port + "/client/v4").build()))
                    .as(port).isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("port " + port + " is out of range (1-65535)");
        }
        provider.create(api.options().option("base-url", "https://127.0.0.1:65535/client/v4").build()).close();
    }

    @Test
    void aBaseUrlWhoseAuthorityIsNoHostAndPortSaysWhatIsWrongWithIt() {
        // java.net.URI reads such an authority as a registry name, with no host at all: "it has no host" sent the
        // user looking for a host that is plainly there.
        CloudflareExportProvider provider = providerWith(Map.of());
        Map<String, String> reasons = Map.of(
                "https://127.0.0.1:99999999999/client/v4", "port 99999999999 is out of range (1-65535)",
                "https://127.0.0.1:-1/client/v4", "port -1 is out of range (1-65535)",
                "https://127.0.0.1:8o80/client/v4", "its port is not a number from 1 to 65535",
                "https://api_cloudflare.com/client/v4", "its host is not a valid host name or IP address",
                // The ends of the port range, where the host is the fault: 0 is out, 65535 is in.
                "https://api_cloudflare.com:0/client/v4", "port 0 is out of range (1-65535)",
                "https://api_cloudflare.com:65535/client/v4", "its host is not a valid host name or IP address",
                "https://user:pw@127.0.0.1:99999999999/client/v4",
                "it carries user info; credentials never travel in a URL");
        reasons.forEach((url, reason) -> assertThatThrownBy(() -> provider.create(
                api.options().option("base-url", url).build()))
                .as(url).isInstanceOf(InvalidOptionException.class)
                .hasMessageEndingWith("is refused: " + reason)
                .hasMessageNotContaining("pw"));
    }

    @Test
    void aBaseUrlWhosePortIsInRangeButWhoseHostIsNotIsNotSaidToHaveAPortOutOfRange() {
        // java.net.URI gives no host for these either, but their port is a good one: the host is what is wrong (an
        // IPv6 address without brackets, a second colon), and "port 443 is out of range" sent the user to the port.
        CloudflareExportProvider provider = providerWith(Map.of());
        Map<String, String> reasons = Map.of(
                "https://::1:443/client/v4", "its host is not a valid host name or IP address (an IPv6 address is"
                        + " written in brackets, as in https://[::1]:443)",
                "https://api.cloudflare.com:443:443/client/v4", "its host is not a valid host name or IP address",
                "https://api_cloudflare.com:443/client/v4", "its host is not a valid host name or IP address");
        reasons.forEach((url, reason) -> assertThatThrownBy(() -> provider.create(
                api.options().option("base-url", url).build()))
                .as(url).isInstanceOf(InvalidOptionException.class)
                .hasMessageEndingWith("is refused: " + reason));
    }

    @Test
    void theAccountOptionServesAUrlWithoutOne() {
        api.stubCalls(api.complete());
        api.stubDump();
        ExportOptions options = api.options().target(DATABASE).option("account-id", ACCOUNT).build();

        exportWith(providerWith(Map.of()).create(options));

        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void aBadAccountIdIsRefusedByWhereItCameFromWithTheRuleChecked() {
        // The stub's API is on loopback: a name-like id is allowed there, as test servers use them.
        String rule = "' is not an account id (1 to 64 letters, digits, '-' and '_', starting with a letter or digit,"
                + " for an API on loopback)";
        CloudflareExportProvider withToken = providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t"));
        assertThatThrownBy(() -> withToken.create(bare("d1:cloudflare://acc.ount/" + DATABASE
                + "?base-url=" + api.baseUrl())))
                .isInstanceOfSatisfying(InvalidExportUrlException.class,
                        e -> assertThat(e.part()).isEqualTo("account id"))
                .hasMessageContaining("'acc.ount" + rule);
        assertThatThrownBy(() -> withToken.create(bare("d1:cloudflare:" + DATABASE + "?account-id=-abc&base-url="
                + api.baseUrl()))).isExactlyInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'account-id': '-abc" + rule);
        String bad32 = "-" + ACCOUNT.substring(1);
        assertThatThrownBy(() -> withToken.create(bare("d1:cloudflare:" + DATABASE + "?account-id=" + bad32
                + "&base-url=" + api.baseUrl()))).isExactlyInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'account-id': '" + bad32 + rule);
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t", "CLOUDFLARE_ACCOUNT_ID", "x!"))
                .create(bare("d1:cloudflare:" + DATABASE + "?base-url=" + api.baseUrl())))
                .isExactlyInstanceOf(InvalidOptionException.class)
                .hasMessage("Environment variable CLOUDFLARE_ACCOUNT_ID: 'x!" + rule);
    }

    @Test
    void onLoopbackALongAccountIdIsAcceptedButNotShownInEventsOrMessages() {
        // 40 characters, as a token pasted there would be: a test server on loopback takes it as an id.
        String longId = "Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90";
        CloudflareStub.Events events = new CloudflareStub.Events();
        List<String> texts = new ArrayList<>();
        try (Exporter exporter = providerWith(Map.of()).create(api.options().target("//" + longId + "/" + DATABASE)
                .option("max-retries", "0").build())) {
            texts.add(exporter.toString());
            try {
                exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).listener(events).build());
            } catch (D1ExportException e) {
                texts.add(String.valueOf(e));
            }
        }
        events.all().forEach(event -> texts.add(event.toString()));

        assertThat(wm.getAllServeEvents()).as("the id still reaches the test server").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getRequest().getUrl()).contains("/accounts/" + longId + "/"));
        assertThat(texts).hasSizeGreaterThan(2).allSatisfy(text -> assertThat(text).doesNotContain(longId));
        assertThat(String.join("\n", texts)).contains("****/" + DATABASE);
    }

    @Test
    void aTokenPassedAsTheDatabaseNameIsNotShownInTheNotFoundErrorNorTheEvents() {
        String pasted = "Zq81aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4";
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/client/v4/accounts/" + ACCOUNT
                        + "/d1/database")).willReturn(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope("[]"))));
        CloudflareStub.Events events = new CloudflareStub.Events();
        ExportOptions options = api.options().target(pasted).option("account-id", ACCOUNT).build();

        assertThatThrownBy(() -> {
            try (Exporter exporter = api.exporter(options)) {
                exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events).build());
            }
        }).isInstanceOf(dev.d1export.spi.DatabaseNotFoundException.class)
                .hasMessageContaining("No D1 database is named '****'").hasMessageNotContaining(pasted);
        assertThat(events.all()).allSatisfy(event -> assertThat(event.toString()).doesNotContain(pasted));
        assertThat(wm.getAllServeEvents()).as("the name still goes to the API, its issuer")
                .anySatisfy(e -> assertThat(e.getRequest().getUrl()).contains("name=" + pasted));
    }

    @Test
    void againstCloudflareItselfAnAccountIdIs32HexDigitsSoATokenPastedThereStaysOutOfTheUrl() {
        String token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab";
        CloudflareExportProvider withToken = providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t",
                "CLOUDFLARE_ACCOUNT_ID", token));
        assertThatThrownBy(() -> withToken.create(bare("d1:cloudflare:" + DATABASE)))
                .isExactlyInstanceOf(InvalidOptionException.class)
                .hasMessage("Environment variable CLOUDFLARE_ACCOUNT_ID: A value of 40 characters (not shown: it may"
                        + " be a secret in the wrong place) is not a Cloudflare account id (32 hexadecimal characters)");
        assertThatThrownBy(() -> withToken.create(bare("d1:cloudflare://my-account/" + DATABASE)))
                .isInstanceOf(InvalidExportUrlException.class).hasMessageContaining("32 hexadecimal characters");
        // Pasted into the URL itself: the URL the message shows masks it too.
        assertThatThrownBy(() -> withToken.create(bare("d1:cloudflare://" + token + "/" + DATABASE)))
                .isInstanceOfSatisfying(InvalidExportUrlException.class, e -> {
                    assertThat(e).hasMessageContaining("A value of 40 characters (not shown")
                            .hasMessageNotContaining(token).hasMessageNotContaining(token.substring(0, 20));
                    assertThat(e.url()).isEqualTo("d1:cloudflare://****/" + DATABASE);
                });
        // The real form passes.
        withToken.create(bare("d1:cloudflare://" + ACCOUNT + "/" + DATABASE)).close();
    }

    @Test
    void contradictoryAccountsAreRefused() {
        // Both shown: an account id of Cloudflare's 32 characters is no secret.
        assertThatThrownBy(() -> providerWith(Map.of()).create(api.options().option("account-id", "ffff").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessage("Option 'account-id' (ffff) contradicts the"
                        + " account in the URL (" + ACCOUNT + "); set only one");
    }

    @Test
    void aUrlWithoutADatabaseIsRefused() {
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t")).create(
                bare("d1:cloudflare://" + ACCOUNT))).isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("database");
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_TOKEN", "t")).create(
                bare("d1:cloudflare://" + ACCOUNT + "/a/b"))).isInstanceOf(InvalidExportUrlException.class);
    }

    @Test
    void badOptionValuesAndUnknownOptionsAreRefusedByName() {
        CloudflareExportProvider provider = providerWith(Map.of());
        assertThatThrownBy(() -> provider.create(api.options().option("min-poll-interval", "soon").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("min-poll-interval");
        assertThatThrownBy(() -> provider.create(api.options().option("max-poll-interval", "1ms").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("max-poll-interval");
        assertThatThrownBy(() -> provider.create(api.options().option("poll-interval-growth", "0.5").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("poll-interval-growth")
                .hasMessageContaining("from 1 to 10, got '0.5'");
        assertThatThrownBy(() -> provider.create(api.options().option("poll-interval-growth", "0.00001").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("got '0.00001'");
        assertThatThrownBy(() -> provider.create(api.options().option("poll-interval-growth", "fast").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("poll-interval-growth")
                .hasMessageContaining("'fast'").hasMessageContaining("a decimal number");
        assertThatThrownBy(() -> provider.create(api.options().option("max-retries", "-1").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("max-retries");
        assertThatThrownBy(() -> provider.create(api.options().option("pol-interval", "1s").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("pol-interval");
    }

    @Test
    void eachNumberOptionAcceptsBothEndsOfItsRange() {
        api.stubCalls(api.complete(), api.complete());
        api.stubDump();

        // The lowest: equal poll gaps, a gap that never grows, no retries and no speed check.
        exportWith(providerWith(Map.of()).create(api.options().option("min-poll-interval", "5ms")
                .option("max-poll-interval", "5ms").option("poll-interval-growth", "1").option("max-retries", "0")
                .option("download-retries", "0").option("download-min-speed", "0").build()));
        assertThat(dir.resolve("out.sql")).hasContent(CloudflareStub.DUMP);
        // The highest whole numbers.
        exportWith(providerWith(Map.of()).create(api.options().option("max-retries", "100")
                .option("download-retries", "100").option("download-min-speed", "1073741824").build()));

        assertThat(api.exportCalls()).hasSize(2);
        assertThatThrownBy(() -> providerWith(Map.of()).create(api.options().option("max-retries", "101").build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'max-retries' must be between 0 and 100, got 101");
        assertThatThrownBy(() -> providerWith(Map.of()).create(api.options()
                .option("download-min-speed", "1073741825").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessage("Option 'download-min-speed' must be between 0"
                        + " and 1073741824 (bytes per second; 0 turns the check off), got 1073741825");
    }

    @Test
    void blankCredentialOptionsCountAsUnsetSoTheEnvironmentServes() {
        api.stubCalls(api.complete(), api.complete());
        api.stubDump();

        exportWith(providerWith(Map.of("CLOUDFLARE_API_TOKEN", "env-token")).create(api.options()
                .secret("api-token", "  ").secret("api-key", " ").option("email", " ").build()));
        exportWith(providerWith(Map.of("CLOUDFLARE_EMAIL", "ops@example.com")).create(api.options()
                .remove("api-token").secret("api-key", CloudflareStub.API_KEY).option("email", "  ").build()));

        assertThat(api.exportCalls().get(0).getHeader("Authorization")).isEqualTo("Bearer env-token");
        assertThat(api.exportCalls().get(1).getHeader("X-Auth-Email")).isEqualTo("ops@example.com");
        assertThat(api.exportCalls().get(1).getHeader("X-Auth-Key")).isEqualTo(CloudflareStub.API_KEY);
    }

    // ---- transport ----

    @Test
    void plainHttpIsRefusedOffLoopback() {
        CloudflareExportProvider provider = providerWith(Map.of());
        assertThatThrownBy(() -> provider.create(api.options().option("base-url", "http://api.example.com/v4")
                .build())).isInstanceOf(InvalidOptionException.class).hasMessageContaining("plain http");
        // A refused base URL is shown as scheme, host, port and path only: a query or user info may hold a token.
        for (String leaky : List.of("https://api.example.com/client/v4?token=s3cr3t",
                "https://api.example.com/client/v4#token=s3cr3t", "http://api.example.com/v4?token=s3cr3t",
                "https://user:s3cr3t@api.example.com/v4?x=1", "https://api.example.com/v 4?token=s3cr3t",
                "https://u:s3cr3t@/v4")) {
            assertThatThrownBy(() -> provider.create(api.options().option("base-url", leaky).build()))
                    .as(leaky).isInstanceOf(InvalidOptionException.class).hasMessageContaining("base URL")
                    .hasMessageNotContaining("s3cr3t").hasMessageNotContaining("token");
        }
        assertThatThrownBy(() -> provider.create(api.options().option("base-url",
                "https://api.example.com:8443/client/v4?token=s3cr3t").build()))
                .hasMessageContaining("'https://api.example.com:8443/client/v4'").hasMessageContaining("query");
        // Even when another part of the URL is wrong too, the refused base URL is reported first, redacted.
        assertThatThrownBy(() -> provider.create(ExportOptions.parse("d1:cloudflare://not_an/account/db").mutate()
                .secret("api-token", TOKEN).option("base-url", "https://h.example.com/v4?token=s3cr3t").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageNotContaining("s3cr3t");
        // A name under .localhost is not loopback until a resolver says so; plain http to it is refused.
        assertThatThrownBy(() -> provider.create(api.options().option("base-url", "http://api.localhost:8080/v4")
                .build())).isInstanceOf(InvalidOptionException.class).hasMessageContaining("plain http")
                .hasMessageContaining("api.localhost");
        assertThatThrownBy(() -> provider.create(api.options().option("base-url", "ftp://127.0.0.1/v4").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("scheme");
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_BASE_URL", "http://10.0.0.1/v4"))
                .create(api.options().remove("base-url").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("CLOUDFLARE_API_BASE_URL");
        assertThatThrownBy(() -> provider.create(api.options().option("base-url", "https://user:pw@h.example.com")
                .build())).isInstanceOf(InvalidOptionException.class).hasMessageNotContaining("pw")
                .hasMessageEndingWith("('https://h.example.com') is refused: it carries user info; credentials never"
                        + " travel in a URL");
        // A URL that does not parse is shown as written up to its query, with any user info masked, not dropped.
        assertThatThrownBy(() -> provider.create(api.options().option("base-url",
                "https://user:s3cr3t@api.example.com/v 4?token=s3cr3t").build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("('https://****@api.example.com/v 4') is not a URL: ");
        for (String ok : List.of("https://api.example.com/client/v4", "http://localhost:8080/v4",
                "http://127.0.0.1:1/v4", "http://[::1]:1/v4")) {
            try (Exporter exporter = provider.create(api.options().option("base-url", ok).build())) {
                assertThat(exporter).isNotNull();
            }
        }
    }

    @Test
    void plainHttpIsAllowedOnlyForLiteralsThatAreLoopbackWhateverTheirSpelling() {
        // Loopback is read from the URL alone: 127.0.0.0/8 in four decimal parts, localhost in any case, ::1 in any
        // IPv6 spelling. Addresses next to those, and 127.0.0.1 mapped into IPv6 (which the JDK reads as 127.0.0.1),
        // are not loopback here.
        CloudflareExportProvider provider = providerWith(Map.of());
        for (String refused : List.of("http://128.0.0.1/v4", "http://126.0.0.1/v4", "http://10.127.0.1/v4",
                "http://127.0.0.256/v4", "http://127.0.0.1.example.com/v4", "http://localhostx/v4",
                "http://[::2]/v4", "http://[::ffff:127.0.0.1]/v4", "http://[::ffff:7f00:1]/v4", "http://[1::]/v4")) {
            assertThatThrownBy(() -> provider.create(api.options().option("base-url", refused).build()))
                    .as(refused).isInstanceOf(InvalidOptionException.class).hasMessageContaining("is refused: ");
        }
        for (String ok : List.of("http://127.255.255.255:1/v4", "http://127.0.0.2:1/v4", "http://LocalHost:1/v4",
                "http://[0:0:0:0:0:0:0:1]:1/v4", "http://[::1]/v4")) {
            try (Exporter exporter = provider.create(api.options().option("base-url", ok).build())) {
                assertThat(exporter).as(ok).isNotNull();
            }
        }
    }

    @Test
    void onPlainLoopbackHttpTheCallsAskForNoUpgradeToHttp2() {
        // The JDK client would otherwise ask to upgrade a cleartext connection to HTTP/2 (h2c), which some local
        // servers and proxies refuse or answer wrongly; the own client speaks HTTP/1.1 there.
        api.stubCalls(CloudflareStub.active(), api.complete());
        api.stubDump();

        exportWith(providerWith(Map.of()).create(api.options().build()));

        List<LoggedRequest> calls = api.exportCalls();
        assertThat(calls).hasSize(2).allSatisfy(call -> {
            assertThat(call.containsHeader("Upgrade")).as("Upgrade: %s", call.getHeader("Upgrade")).isFalse();
            assertThat(call.containsHeader("HTTP2-Settings")).isFalse();
        });
    }

    @Test
    void aCallersHttpClientCarriesTheCalls() {
        api.stubCalls(api.complete());
        api.stubDump();
        AtomicInteger tasks = new AtomicInteger();
        Executor counting = task -> {
            tasks.incrementAndGet();
            new Thread(task).start();
        };
        HttpClient client = HttpClient.newBuilder().executor(counting).build();

        exportWith(CloudflareExportProvider.create(api.options().build(), client));

        assertThat(tasks.get()).isPositive();
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void aClientThatFollowsRedirectsIsRefused() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        assertThatThrownBy(() -> CloudflareExportProvider.create(api.options().build(), following))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Redirect.NEVER");
    }

    @Test
    void anExporterKeepsOneClientForItsExportsAndClosingItIsIdempotent() throws Exception {
        api.stubCalls(api.complete());
        api.stubDump();
        Exporter exporter = api.exporter();

        exporter.export(ExportRequest.builder().destination(dir.resolve("a.sql")).build());
        exporter.export(ExportRequest.builder().destination(dir.resolve("b.sql")).build());
        exporter.close();
        exporter.close();

        assertThat(Files.readString(dir.resolve("b.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("c.sql")).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(api.exportCalls()).hasSize(2);
        assertThat(dir.resolve("c.sql")).doesNotExist();
    }

    @Test
    void closingAnExporterLeavesTheCallersClientWorking() throws Exception {
        api.stubCalls(api.complete());
        api.stubDump();
        HttpClient client = HttpClient.newBuilder().build();
        Exporter first = CloudflareExportProvider.create(api.options().build(), client);
        first.export(ExportRequest.builder().destination(dir.resolve("a.sql")).build());

        first.close();
        first.close();

        HttpResponse<String> direct = client.send(HttpRequest.newBuilder(URI.create(api.signedUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.body()).isEqualTo(CloudflareStub.DUMP);
        exportWith(CloudflareExportProvider.create(api.options().build(), client));
        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.exportCalls()).hasSize(2);
    }

    @Test
    void aSuccessfulExportLogsItsStepsAtDebugAndNothingAtInfoOrAbove() throws Exception {
        List<LogRecord> records;
        try (LogCapture log = LogCapture.of("dev.d1export.http")) {
            api.stubCalls(CloudflareStub.active(), api.complete());
            api.stubDump();
            try (Exporter exporter = api.exporter()) {
                exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).build());
            }
            records = log.records();
        }
        // A library should not add lines to its users' logs for every export that went well.
        assertThat(records).as("records at INFO or above").noneMatch(r -> r.getLevel().intValue()
                >= Level.INFO.intValue());
        assertThat(records).extracting(LogRecord::getMessage).anyMatch(m -> m.startsWith("Exporting "))
                .anyMatch(m -> m.startsWith("Downloaded "));
        // Each call of the export with its status and cf-ray, as the README promises for --verbose.
        assertThat(records).extracting(r -> new SimpleFormatter().formatMessage(r))
                .anyMatch(m -> m.endsWith(" poll 1: active (HTTP 202, cf-ray 8a1b2c3d4e5f-AMS)"))
                .anyMatch(m -> m.endsWith(" poll 2: complete (HTTP 200, cf-ray 8a1b2c3d4e5f-AMS)"))
                .anyMatch(m -> m.endsWith(" complete after 2 calls; downloading"));
    }

    // ---- secrets ----

    @Test
    void secretsAppearInNoMessageLogLineOrToString() {
        List<LogRecord> records;
        List<String> texts = new ArrayList<>();
        try (LogCapture log = LogCapture.of("dev.d1export.http")) {
            api.stubCalls(CloudflareStub.active(), CloudflareStub.htmlError(503),
                    CloudflareStub.apiError(401, 10000, "Authentication error"));
            CloudflareStub.Events events = new CloudflareStub.Events();
            Exporter exporter = api.exporter();
            texts.add(exporter.toString());
            texts.add(api.options().build().toString());
            try {
                exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).listener(events).build());
            } catch (AuthenticationException e) {
                texts.add(e.getMessage());
                texts.add(e.details().toString());
                texts.add(String.valueOf(e));
            }
            events.all().forEach(event -> texts.add(event.toString()));

            api.stubCalls(CloudflareStub.completeWith("x.sql", api.signedUrl()));
            api.stubDownloads(aResponse().withStatus(403).withBody("<Error><Code>AccessDenied</Code></Error>"));
            try {
                exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).build());
            } catch (D1ExportException e) {
                texts.add(e.getMessage());
            }
            records = log.records();
        }
        SimpleFormatter formatter = new SimpleFormatter();
        records.forEach(r -> texts.add(formatter.format(r)));

        assertThat(records).isNotEmpty();
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("8a1b2c3d4e5f-AMS"));
        assertThat(texts).isNotEmpty().allSatisfy(text -> assertThat(text)
                .doesNotContain(TOKEN).doesNotContain("sig-SECRET"));
    }
}
