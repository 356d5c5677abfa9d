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
}
