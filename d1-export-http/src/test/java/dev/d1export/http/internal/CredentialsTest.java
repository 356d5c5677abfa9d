package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.InvalidOptionException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * The second line of defence behind {@link CloudflareSettings}' character check: credentials the JDK refuses as a
 * header value fail with our own message, not the JDK's, which quotes the header with the secret in it.
 */
class CredentialsTest {

    private static final String SECRET = "tok-S3CR3T\u200Bvalue";

    private static String everything(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return e + "\n" + trace;
    }

    @Test
    void aTokenTheJdkRefusesIsATypedErrorWithoutTheToken() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://api.example.com/v4"));
        Credentials token = new Credentials.ApiToken(SECRET, "CLOUDFLARE_API_TOKEN");

        assertThatThrownBy(() -> token.applyTo(request))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("API token from CLOUDFLARE_API_TOKEN").hasNoCause()
                .satisfies(e -> assertThat(everything(e)).doesNotContain("S3CR3T"));
    }

    @Test
    void aKeyOrEmailTheJdkRefusesIsATypedErrorWithoutEither() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://api.example.com/v4"));

        assertThatThrownBy(() -> new Credentials.ApiKey("ops@example.com", SECRET, "option 'api-key'")
                .applyTo(request))
                .isInstanceOf(InvalidOptionException.class).hasNoCause()
                .satisfies(e -> assertThat(everything(e)).doesNotContain("S3CR3T"));
        assertThatThrownBy(() -> new Credentials.ApiKey("ops\u0000-MAIL@example.com", "key", "option 'api-key'")
                .applyTo(request))
                .isInstanceOf(InvalidOptionException.class).hasNoCause()
                .satisfies(e -> assertThat(everything(e)).doesNotContain("MAIL"));
    }

    @Test
    void validCredentialsAreSetAsHeaders() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://api.example.com/v4"));
        new Credentials.ApiToken("tok-ok", "x").applyTo(request);
        assertThat(request.build().headers().firstValue("Authorization")).contains("Bearer tok-ok");
    }

    @Test
    void describeNamesTheKindOfCredentialAndItsSourceOnly() {
        assertThat(new Credentials.ApiToken(SECRET, "environment variable CLOUDFLARE_API_TOKEN").describe())
                .isEqualTo("API token from environment variable CLOUDFLARE_API_TOKEN");
        assertThat(new Credentials.ApiKey("ops@example.com", SECRET, "option 'api-key'").describe())
                .isEqualTo("API key and e-mail from option 'api-key'");
    }

    /** A record's generated toString would print every component; these must show only where they came from. */
    @Test
    void toStringShowsTheSourceButNeverTheSecretNorTheEmail() {
        assertThat(new Credentials.ApiToken(SECRET, "option 'api-token'"))
                .hasToString("ApiToken{option 'api-token', ****}");
        assertThat(new Credentials.ApiKey("ops-MAIL@example.com", SECRET, "option 'api-key'"))
                .hasToString("ApiKey{option 'api-key', ****}");
    }

    @Test
    void aSecretOfEightBytesAndABodyThatIsOnlyTheSecretAreMasked() {
        assertThat(new Credentials.ApiToken("abcd1234", "x").scrub("token abcd1234 refused"))
                .isEqualTo("token **** refused");
        assertThat(new Credentials.ApiToken("tok-S3CR3Tvalue1", "x").scrub("tok-S3CR3Tvalue1")).isEqualTo("****");
        assertThat(new Credentials.ApiToken("abcd123", "x").scrub("token abcd123")).as("7 bytes: too short to mask")
                .isEqualTo("token abcd123");
    }

    /** A body cut off inside an escaped, partly quoted secret is left as it is, not read past its end. */
    @Test
    void aBodyEndingInsideAnEscapedPartOfTheSecretIsReturnedUnchanged() {
        Credentials token = new Credentials.ApiToken("tok-S3CR3Tvalue1", "x");

        assertThat(token.scrub("\\u0074ok-S3CR3Tvalue")).isEqualTo("\\u0074ok-S3CR3Tvalue");
        assertThat(token.scrub("tok-S3CR3Tvalue\\u003")).isEqualTo("tok-S3CR3Tvalue\\u003");
        assertThat(token.scrub("tok-S3CR3Tvalue\\")).isEqualTo("tok-S3CR3Tvalue\\");
        assertThat(token.scrub("\\u0074ok-S3CR3Tvalue\\u0031")).as("whole, it is masked").isEqualTo("****");
    }
}
