package dev.d1export.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.d1export.http.CloudflareStub.ACCOUNT;
import static dev.d1export.http.CloudflareStub.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidOptionException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Credentials holding a character an HTTP header cannot carry (a byte order mark, a zero-width or non-breaking space,
 * a control character) are refused by {@code create()}, before any call, with a typed error that says where the value
 * came from and which character is wrong, but never the value: the JDK's own error quotes the whole header.
 */
class CredentialCharactersTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String BEFORE = "tok-S3CR3T";
    private static final String AFTER = "rest-HIDDEN-value";

    private final CloudflareStub api = new CloudflareStub(wm);

    @TempDir
    Path dir;

    private static CloudflareExportProvider providerWith(Map<String, String> env) {
        return CloudflareExportProvider.builder().environment(env::get).build();
    }

    /** The whole text a caller could print: message, toString and stack trace (with any cause). */
    private static String everything(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return e + "\n" + trace;
    }

    private static void assertNoSecret(Throwable e, String secret) {
        assertThat(everything(e)).doesNotContain(secret).doesNotContain(BEFORE).doesNotContain(AFTER);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "U+200B zero-width space, 200B, 11",
        "U+00A0 non-breaking space, A0, 11",
        "U+FEFF byte order mark, FEFF, 11",
        "U+0001 control character, 1, 11",
        "U+00E9 letter, E9, 11",
        "U+1F600 emoji, 1F600, 11"})
    void aTokenOptionWithABadCharacterIsATypedErrorNamingTheCharacterNotTheToken(String name, String hex,
            int position) {
        String token = BEFORE + new String(Character.toChars(Integer.parseInt(hex, 16))) + AFTER;

        assertThatThrownBy(() -> api.exporter(api.options().secret("api-token", token).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("The API token from option 'api-token' has a character an HTTP header cannot carry"
                        + " (U+" + String.format("%04X", Integer.parseInt(hex, 16)) + " at position " + position
                        + "); its value is not shown")
                .satisfies(e -> assertNoSecret(e, token));
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aLeadingByteOrderMarkIsReportedAtPositionOne() {
        String token = "\uFEFF" + BEFORE + AFTER;

        assertThatThrownBy(() -> api.exporter(api.options().secret("api-token", token).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("(U+FEFF at position 1)")
                .satisfies(e -> assertNoSecret(e, token));
    }

    @Test
    void theFacadeRefusesSuchATokenBeforeAnyExport() {
        String token = BEFORE + "\u200B" + AFTER;

        assertThatThrownBy(() -> D1Export.open(api.url() + "?base-url=" + api.baseUrl(), Map.of("api-token", token)))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("option 'api-token'").hasMessageContaining("U+200B at position 11")
                .satisfies(e -> assertNoSecret(e, token));
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void environmentVariablesAreNamedAsTheOrigin() {
        ExportOptions options = ExportOptions.parse(api.url() + "?base-url=" + api.baseUrl());
        String bad = BEFORE + "\u200B" + AFTER;

        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_TOKEN", bad)).create(options))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("The API token from environment variable CLOUDFLARE_API_TOKEN has a character an HTTP"
                        + " header cannot carry (U+200B at position 11); its value is not shown")
                .satisfies(e -> assertNoSecret(e, bad));
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_KEY", bad, "CLOUDFLARE_EMAIL", "ops@example.com"))
                .create(options))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("The API key from environment variable CLOUDFLARE_API_KEY")
                .hasMessageContaining("U+200B at position 11")
                .satisfies(e -> assertNoSecret(e, bad));
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_KEY", "key-ok",
                "CLOUDFLARE_EMAIL", "ops\u00A0@example.com")).create(options))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("The account e-mail from environment variable CLOUDFLARE_EMAIL")
                .hasMessageContaining("U+00A0 at position 4");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void keyAndEmailOptionsAreCheckedToo() {
        String bad = BEFORE + "\u200B" + AFTER;
        ExportOptions key = api.options().remove("api-token").secret("api-key", bad).option("email", "a@b.c").build();
        assertThatThrownBy(() -> providerWith(Map.of()).create(key))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("The API key from option 'api-key'").hasMessageContaining("U+200B")
                .satisfies(e -> assertNoSecret(e, bad));
        ExportOptions mail = api.options().remove("api-token").secret("api-key", "key-ok")
                .option("email", "a\u0007@b.c").build();
        assertThatThrownBy(() -> providerWith(Map.of()).create(mail))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("The account e-mail from option 'email'").hasMessageContaining("U+0007 at position 2");
    }

    @Test
    void anEmailMayHoldASpaceAndSurroundingWhitespaceIsStillTrimmed() throws Exception {
        api.stubCalls(api.complete());
        api.stubDump();
        ExportOptions options = api.options().remove("api-token").secret("api-key", "  " + CloudflareStub.API_KEY
                + "\n").option("email", "Ops Team@example.com").build();

        try (Exporter exporter = providerWith(Map.of()).create(options)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).build());
        }

        assertThat(Files.readString(dir.resolve("o.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.exportCalls().get(0).getHeader("X-Auth-Key")).isEqualTo(CloudflareStub.API_KEY);
        assertThat(api.exportCalls().get(0).getHeader("X-Auth-Email")).isEqualTo("Ops Team@example.com");
    }

    @Test
    void aTokenMayHoldEveryVisibleAsciiCharacterFromTheExclamationMarkToTheTilde() throws Exception {
        api.stubCalls(api.complete());
        api.stubDump();
        String token = "!" + BEFORE + "\"#$%&'()*+,./:;<=>?@[\\]^`{|}" + AFTER + "~";

        try (Exporter exporter = api.exporter(api.options().secret("api-token", token).build())) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).build());
        }

        assertThat(api.exportCalls().get(0).getHeader("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void aByteOrderMarkBeforeAnEnvironmentTokenIsFound() {
        assertThatThrownBy(() -> providerWith(Map.of("CLOUDFLARE_API_TOKEN", "\uFEFF" + BEFORE)).create(
                ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/" + DATABASE)))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("U+FEFF at position 1")
                .satisfies(e -> assertNoSecret(e, BEFORE));
    }
}
