package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportOptionsTest {

    @Test
    void parsesAPlainTarget() {
        ExportOptions o = ExportOptions.parse("d1:sqlite:data/app.sqlite");
        assertThat(o.provider()).isEqualTo("sqlite");
        assertThat(o.target()).isEqualTo("data/app.sqlite");
        assertThat(o.authority()).isEmpty();
        assertThat(o.path()).isEqualTo("data/app.sqlite");
        assertThat(o.keys()).isEmpty();
        assertThat(o.toUrl()).isEqualTo("d1:sqlite:data/app.sqlite");
    }

    @Test
    void parsesAHierarchicalTargetWithQuery() {
        ExportOptions o = ExportOptions.parse(
                "d1:cloudflare://023e105f4ecef8ad9ca31a8372d0c353/my-db?timeout=10m&column-list=false");
        assertThat(o.provider()).isEqualTo("cloudflare");
        assertThat(o.authority()).contains("023e105f4ecef8ad9ca31a8372d0c353");
        assertThat(o.path()).isEqualTo("my-db");
        assertThat(o.get(ExportOption.duration("timeout"))).contains(Duration.ofMinutes(10));
        assertThat(o.get(ExportOption.bool("column-list"))).contains(false);
    }

    @Test
    void parsesClasspathAndWindowsStyleTargets() {
        assertThat(ExportOptions.parse("d1:fixture:classpath:snapshots/users.sql").target())
                .isEqualTo("classpath:snapshots/users.sql");
        assertThat(ExportOptions.parse("d1:sqlite:C:\\data\\app.sqlite").target()).isEqualTo("C:\\data\\app.sqlite");
        assertThat(ExportOptions.parse("D1:SQLite:x.db").provider()).isEqualTo("sqlite");
    }

    @Test
    void decodesPercentEscapesInQueryValues() {
        ExportOptions o = ExportOptions.parse("d1:x:t?name=a%20b%2Fc+d&emoji=%F0%9F%9A%80");
        // '+' is a plus (RFC 3986), not the space of HTML forms: a plus-addressed e-mail stays as written.
        assertThat(o.get("name")).contains("a b/c+d");
        assertThat(o.get("emoji")).contains("🚀");
        assertThat(ExportOptions.parse(o.toUrl())).isEqualTo(o);
        assertThat(ExportOptions.parse("d1:cloudflare://acc/db?email=ops+d1@example.com").get("email"))
                .contains("ops+d1@example.com");
        // A character beyond the BMP written as it is, beside an escape: its two UTF-16 halves are one character.
        assertThat(ExportOptions.parse("d1:x:t?name=%F0%9F%9A%80+\uD83D\uDE80").get("name")).contains("🚀+🚀");
        // Letters, digits and what a query may hold as it is are written as they are, not escaped.
        assertThat(ExportOptions.builder().provider("x").target("t").option("name", "azAZ09-._~:/@*").build().toUrl())
                .isEqualTo("d1:x:t?name=azAZ09-._~:/@*");
    }

    @Test
    void anotherSchemesUrlWithUserInfoInTheProviderPartIsRefusedAndNeverShown() {
        String url = "d1:sqlite:https://admin:hunter2@files.example.com/app.sqlite";

        assertThatThrownBy(() -> ExportOptions.parse(url)).isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("provider part: it holds a URL with user info")
                .hasMessageContaining("https://****@files.example.com/app.sqlite")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("admin");
        assertThat(ExportOptions.redact(url)).isEqualTo("d1:sqlite:https://****@files.example.com/app.sqlite");
        assertThat(ExportOptions.redactTarget("backups/https://admin:hunter2@h/x.sqlite"))
                .isEqualTo("backups/https://****@h/x.sqlite");
        assertThatThrownBy(() -> ExportOptions.builder().provider("sqlite").target("https://admin:hunter2@h/x"))
                .isInstanceOf(InvalidOptionException.class).hasMessageNotContaining("hunter2");
        // An '@' with no scheme before it is a file name's, and stays.
        assertThat(ExportOptions.parse("d1:sqlite:backups/me@home.sqlite").target())
                .isEqualTo("backups/me@home.sqlite");
        assertThat(ExportOptions.parse("d1:sqlite:backups/://me@home.sqlite").target())
                .isEqualTo("backups/://me@home.sqlite");
    }

    /** Any scheme (a digit in it, upper case), and a URL that ends at its host: the user info is a credential. */
    @ParameterizedTest
    @ValueSource(strings = {"https://admin:hunter2@files.example.com", "s3://admin:hunter2@bucket/app.sqlite",
        "HTTPS://admin:hunter2@files.example.com/app.sqlite", "backups/svn+ssh://admin:hunter2@host?x"})
    void userInfoInAnotherSchemesUrlIsRefusedWhateverTheSchemeAndWhereverTheUrlEnds(String target) {
        assertThatThrownBy(() -> ExportOptions.parse("d1:sqlite:" + target))
                .isInstanceOfSatisfying(InvalidExportUrlException.class,
                        e -> assertThat(e.part()).isEqualTo("provider part"))
                .hasMessageContaining("it holds a URL with user info").hasMessageContaining("://****@")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("admin");
        assertThatThrownBy(() -> ExportOptions.builder().provider("sqlite").target(target))
                .isInstanceOf(InvalidOptionException.class).hasMessageNotContaining("hunter2");
    }

    /** A scheme-relative URL passed where a d1 URL belongs: '//' comes before any ':', so the user info is masked. */
    @Test
    void aSchemeRelativeUrlWithUserInfoIsShownMasked() {
        String url = "//admin:hunter2@files.example.com/app.sqlite";

        assertThat(ExportOptions.redact(url)).isEqualTo("//****@files.example.com/app.sqlite");
        assertThatThrownBy(() -> ExportOptions.parse(url)).isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("//****@files.example.com/app.sqlite").hasMessageNotContaining("hunter2");
    }

    /**
     * A long provider part is parsed, redacted and shown in time linear in its length. The search for another scheme's
     * user info ({@code https://user@}) tried every letter of a long run of scheme characters as a scheme's start and
     * read the rest of the run each time: 80,000 letters took a minute, so these 200,000 would take about seven. The
     * limit is a hang guard with a wide margin (the linear scan takes milliseconds), not a speed target.
     */
    @Test
    void aLongProviderPartIsParsedInLinearTime() {
        String target = "a".repeat(200_000);
        String url = "d1:sqlite:" + target + "?x=1";
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            ExportOptions options = ExportOptions.parse(url);
            assertThat(options.target()).isEqualTo(target);
            assertThat(options.toUrl()).isEqualTo("d1:sqlite:****?x=1");
            assertThat(options.toString()).doesNotContain(target);
            assertThat(ExportOptions.redact(url)).isEqualTo("d1:sqlite:****?x=1");
            assertThat(ExportOptions.redactTarget("//acc/1a" + "1a".repeat(100_000) + "/db")).isEqualTo("//acc/****/db");
            assertThatThrownBy(() -> ExportOptions.parse("d1:sqlite:" + target + "https://u:pw@h/x"))
                    .isInstanceOf(InvalidExportUrlException.class).hasMessageNotContaining("pw@");
            assertThatThrownBy(() -> ExportOptions.parse("d1:sqlite:" + "a://".repeat(50_000) + "pw@h"))
                    .isInstanceOf(InvalidExportUrlException.class).hasMessageNotContaining("pw@");
        });
    }

    @Test
    void aProviderNameIsAsciiBeforeItIsLowerCased() {
        // U+212A KELVIN SIGN lower-cases to ASCII 'k': "\u212Aind" must not select the provider "kind".
        assertThatThrownBy(() -> ExportOptions.parse("d1:\u212Aind:x")).isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("U+212A");
        assertThatThrownBy(() -> ExportOptions.builder().provider("\u212Aind"))
                .isInstanceOf(InvalidOptionException.class);
        assertThat(ExportOptions.parse("d1:KIND:x").provider()).isEqualTo("kind");
    }

    @Test
    void propertiesAreAddedAndWinOverTheQuery() {
        ExportOptions o = ExportOptions.parse("d1:x:t?timeout=1m", Map.of("timeout", "2m", "api-token", "tok-123"));
        assertThat(o.get("timeout")).contains("2m");
        assertThat(o.get("api-token")).contains("tok-123");
        assertThat(o.has("api-token")).isTrue();
        assertThat(o.has("retries")).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                        | url           | the URL is empty",
        "' d1:sqlite:x'            | url           | leading or trailing white space",
        "sqlite:x                  | scheme        | scheme 'sqlite'",
        "jdbc:sqlite:x             | scheme        | scheme 'jdbc'",
        "no-colon-at-all           | scheme        | no scheme",
        "d1:                       | provider      | missing provider name",
        "d1:sqlite                 | provider      | missing ':' after provider 'sqlite'",
        "d1::x                     | provider      | missing provider name",
        "d1:9lives:x               | provider      | '9lives' is not a provider name",
        "d1:sq lite:x              | provider      | 'sq' is followed by a space, which a provider name cannot hold",
        "d1:aAzZ09!:x              | provider      | 'aAzZ09' is followed by '!', which a provider name cannot hold",
        "d1:sq\u007Flite:x         | provider      | 'sq' is followed by U+007F, which",
        "d1:abcdefghijklmnopqrstuvwxyzabcdef!:x | provider | 'abcdefghijklmnopqrstuvwxyzabcdef' is followed by '!'",
        "d1:sqlite:                | provider part | missing; expected d1:sqlite:<provider part>",
        "d1:sqlite:?a=b            | provider part | missing",
        "d1:cloudflare:///db       | authority     | missing after '//'",
        "d1:sqlite:x#frag          | fragment      | fragments",
        "d1:sqlite:x?              | query         | '?' is not followed by any parameter",
        "d1:sqlite:x?a=1&&b=2      | query         | empty parameter at position 2",
        "d1:sqlite:x?flag          | query         | parameter 'flag' has no value",
        "d1:sqlite:x?=1            | query         | parameter at position 1 has no name",
        "d1:sqlite:x?Bad_Name=1    | query         | 'Bad_Name' is not an option name",
        "d1:sqlite:x?a=1&a=2       | query         | parameter 'a' is given twice",
        "d1:sqlite:x?a=%zz         | query         | parameter 'a' has a bad percent escape at position 1",
        "d1:sqlite:x?a=%4          | query         | bad percent escape",
    })
    void rejectsMalformedUrlsNamingThePart(String url, String part, String problem) {
        assertThatThrownBy(() -> ExportOptions.parse(url))
                .isInstanceOfSatisfying(InvalidExportUrlException.class, e -> {
                    assertThat(e.part()).isEqualTo(part);
                    assertThat(e.getMessage()).contains(problem).contains(part);
                })
                .isInstanceOf(ExportConfigurationException.class);
    }

    /**
     * A name longer than a name can be is shown masked (it may be a pasted token), and the message still says what is
     * wrong with it: its length, or the character that follows the name-like run, not one from inside the run.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "d1:abcdefghijklmnopqrstuvwxyzabcdefgh:x  | '****' is not a provider name (at most 32 letters",
        "d1:abcdefghijklmnopqrstuvwxyzabcdefg!:x  | '****' is followed by '!', which a provider name cannot hold",
        "d1:abcdefghijklmnopqrstuvwxyzabcdefg x:y | '****' is followed by a space, which a provider name cannot hold",
    })
    void aProviderNameLongerThan32CharactersIsMaskedAndWhatIsWrongIsSaid(String url, String problem) {
        assertThatThrownBy(() -> ExportOptions.parse(url))
                .isInstanceOfSatisfying(InvalidExportUrlException.class,
                        e -> assertThat(e.part()).isEqualTo("provider"))
                .hasMessageContaining("provider: " + problem);
    }

    /**
     * What toUrl()'s javadoc says of a target with an empty authority: written as it is, refused by parse (naming
     * the authority) rather than read as something else; one slash and a real authority round-trip.
     */
    @Test
    void aTargetWithAnEmptyAuthorityIsWrittenAsItIsAndRefusedByParseNotReadAsAnotherTarget() {
        for (String target : new String[] {"///x", "///tmp/db.sqlite", "//"}) {
            ExportOptions o = ExportOptions.builder().provider("sqlite").target(target).option("a", "1").build();
            assertThat(o.toUrl()).isEqualTo("d1:sqlite:" + target + "?a=1");
            assertThatThrownBy(() -> ExportOptions.parse(o.toUrl()))
                    .isInstanceOfSatisfying(InvalidExportUrlException.class,
                            e -> assertThat(e.part()).isEqualTo("authority"))
                    .hasMessageContaining("missing after '//'");
        }
        for (String target : new String[] {"/x", "//host/x", "//host", "x//y", "/x///y"}) {
            ExportOptions o = ExportOptions.builder().provider("sqlite").target(target).option("a", "1").build();
            assertThat(ExportOptions.parse(o.toUrl())).as(target).isEqualTo(o);
        }
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> ExportOptions.parse(null)).isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("null");
    }

    @Test
    void secretsInTheUrlAreRefusedAndNotEchoed() {
        assertThatThrownBy(() -> ExportOptions.parse("d1:cloudflare://acc/db?api-token=s3cr3t"))
                .isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("'api-token' holds a secret")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageContaining("api-token=****");
        assertThatThrownBy(() -> ExportOptions.parse("d1:cloudflare://s3cr3t@acc/db"))
                .isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("user info")
                .hasMessageNotContaining("s3cr3t");
        // Another error in a URL that also carries a secret still masks the secret.
        assertThatThrownBy(() -> ExportOptions.parse("sqlite:x?password=s3cr3t"))
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aDeclaredSecretWhoseNameLooksHarmlessIsStillRefusedFromTheUrl() {
        ExportOption<String> pin = ExportOption.secret("pin");
        assertThatThrownBy(() -> ExportOptions.parse("d1:x:t?pin=1234")).isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("'pin'").hasMessageContaining("must not appear in a URL")
                .hasMessageNotContaining("1234");
        assertThat(ExportOptions.parse("d1:x:t", Map.of("pin", "1234")).get(pin)).contains("1234");
    }

    @Test
    void redactMasksFragmentsUserInfoAndSecretValues() {
        assertThat(ExportOptions.redact("d1:cloudflare://tok@acc/db?api-token=abc&x=1#password=p"))
                .isEqualTo("d1:cloudflare://****@acc/db?api-token=****&x=1#****");
        assertThatThrownBy(() -> ExportOptions.parse("d1:sqlite:x#password=p")).hasMessageNotContaining("password=p");
        assertThat(ExportOptions.redact(null)).isEqualTo("null");
        assertThat(ExportOptions.redact("d1:x:t?api%2Dtoken=abc")).isEqualTo("d1:x:t?api%2Dtoken=****");
    }

    /** A token pasted where an account id goes: a dotless authority longer than any account id is not shown. */
    @Test
    void anAuthorityThatLooksLikeASecretIsMaskedWhereverTheUrlIsShown() {
        String token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab";
        String url = "d1:cloudflare://" + token + "/my-db?timeout=10m";
        ExportOptions options = ExportOptions.parse(url);

        assertThat(options.authority()).as("the provider still gets it").contains(token);
        assertThat(options.toUrl()).isEqualTo("d1:cloudflare://****/my-db?timeout=10m");
        assertThat(options.toString()).contains("d1:cloudflare://****/my-db").doesNotContain(token);
        assertThat(ExportOptions.redact(url)).isEqualTo("d1:cloudflare://****/my-db?timeout=10m");
        assertThat(ExportOptions.redact("d1:cloudflare://" + token)).isEqualTo("d1:cloudflare://****");
        // An account id (32 hex digits) and a host name (dots) are shown.
        String account = "023e105f4ecef8ad9ca31a8372d0c353";
        assertThat(ExportOptions.parse("d1:cloudflare://" + account + "/db").toUrl()).contains(account);
        String host = "a-rather-long-host-name.internal.example.com:8443";
        assertThat(ExportOptions.parse("d1:remote://" + host + "/db").toUrl()).contains(host);
    }

    @Test
    void secretsAreRedactedInToStringAndLeftOutOfUrls() {
        ExportOptions o = ExportOptions.builder().provider("cloudflare").target("//acc/db")
                .option(ExportOption.secret("token-ish"), "s3cr3t-1")
                .secret("custom", "s3cr3t-2")
                .option("api-key", "s3cr3t-3")
                .option("email", "ops@example.com")
                .build();
        assertThat(o.toString()).doesNotContain("s3cr3t").contains("custom=****").contains("email=ops@example.com");
        assertThat(o.toUrl()).doesNotContain("s3cr3t").isEqualTo("d1:cloudflare://acc/db?email=ops@example.com");
        assertThat(ExportOptions.parse(o.toUrl()).get("email")).as("read back as written").contains("ops@example.com");
        assertThat(o.isSecret("custom")).isTrue();
        assertThat(o.isSecret("email")).isFalse();
        assertThat(o.get("custom")).contains("s3cr3t-2");
        assertThat(ExportOptions.builder().provider("x").toString()).doesNotContain("s3cr3t");
    }

    @Test
    void badSecretValuesAreNotEchoedButOtherBadValuesAre() {
        ExportOption<Long> secretNumber = ExportOption.number("pin-key");
        ExportOptions o = ExportOptions.builder().provider("x").target("t")
                .option("pin-key", "s3cr3t").option("retries", "many").build();
        assertThatThrownBy(() -> o.get(ExportOption.number("retries")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'retries'")
                .hasMessageContaining("'many'").hasMessageContaining("a whole number");
        ExportOption<String> declaredSecret = ExportOption.secret("pin");
        ExportOptions withSecret = ExportOptions.builder().provider("x").target("t").option("pin", "!!").build();
        assertThat(withSecret.get(declaredSecret)).contains("!!");
        assertThat(secretNumber.sensitive()).isFalse();
    }

    @Test
    void aWholeNumberIsWrittenInAsciiDigitsAsDecimalsAndDurationsAre() {
        ExportOption<Long> rows = ExportOption.number("max-rows");
        assertThat(rows.convert("12")).isEqualTo(12L);
        assertThat(rows.convert("+12")).isEqualTo(12L);
        assertThat(rows.convert("-3")).isEqualTo(-3L);
        for (String other : new String[] {"\u0661\u0662", "\uFF11\uFF12", "1_000", "0x10", "12L", "99999999999999999999"}) {
            assertThatThrownBy(() -> rows.convert(other)).as(other).isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("'max-rows'").hasMessageContaining("a whole number");
        }
    }

    @Test
    void optionsAreImmutable() {
        Map<String, String> props = new HashMap<>(Map.of("a", "1"));
        ExportOptions o = ExportOptions.parse("d1:x:t", props);
        props.put("b", "2");
        assertThat(o.keys()).containsExactly("a");
        assertThatThrownBy(() -> o.keys().add("c")).isInstanceOf(UnsupportedOperationException.class);
        ExportOptions.Builder builder = o.mutate().option("c", "3");
        ExportOptions changed = builder.build();
        builder.option("d", "4");
        assertThat(o.keys()).containsExactly("a");
        assertThat(changed.keys()).containsExactly("a", "c");
        assertThat(changed).isNotEqualTo(o);
        assertThat(changed.mutate().remove("c").build()).isEqualTo(o).hasSameHashCodeAs(o);
    }

    @ParameterizedTest
    @CsvSource({"NaN", "NaNs", "Infinity", "-1s", "1e3s", "0x10s", "s", "''", "ten", "PT-1S"})
    void badDurationsAreRejected(String raw) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("d", raw).build();
        assertThatThrownBy(() -> o.get(ExportOption.duration("d"))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("'d'");
    }

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "30s,PT30S", "1.5s,PT1.5S", "5m,PT5M", "1.5m,PT1M30S", "2h,PT2H", "0.5h,PT30M",
        "1d,PT24H", "PT10S,PT10S", "12,PT12S", "0.25,PT0.25S"})
    void durationsParse(String raw, String expected) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("d", raw).build();
        assertThat(o.get(ExportOption.duration("d"))).contains(Duration.parse(expected));
    }

    /**
     * A value finer than a nanosecond was cut to whole nanoseconds in the unit forms, so 0.0000000001s silently
     * became zero (which a timeout or delay reads as "none") while PT0.0000000001S was refused: now every form refuses
     * it, naming the option, the value and why.
     */
    @ParameterizedTest
    @CsvSource({"0.0000000001s", "0.0000001ms", "0.0000000001", "1.0000000001s", "0.00000000000001m",
        "0.0000000000001h", "0.00000000000001d", "PT0.0000000001S", "pt1.0000000001s"})
    void aDurationFinerThanANanosecondIsRefusedInEveryFormNotRounded(String raw) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("timeout", raw).build();
        assertThatThrownBy(() -> o.get(ExportOption.duration("timeout"))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("'timeout'").hasMessageContaining("'" + raw + "'")
                .hasMessageContaining("not a whole number of nanoseconds");
        // The reason holds no value, so a secret option gets it too, without its value.
        ExportOptions secret = ExportOptions.builder().provider("x").target("t").secret("timeout", raw).build();
        assertThatThrownBy(() -> secret.get(ExportOption.duration("timeout")))
                .hasMessageContaining("not a whole number of nanoseconds").hasMessageNotContaining(raw);
    }

    /**
     * A duration past the longest a {@link Duration} holds (about 292 billion years) was refused as "not a duration",
     * though it is one, while a shorter but still absurd one was taken: it now means the longest, so a request's
     * timeout reads it as no deadline (as the README says of a very long one) and a bounded option names its bound.
     */
    @ParameterizedTest
    @CsvSource({"9223372036854775808s", "106751991167301d", "99999999999999999999999999h", "PT9999999999999999999S",
        "PT2562047788015216H"})
    void aDurationPastTheLongestADurationHoldsIsTheLongest(String raw) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("d", raw).build();
        assertThat(o.get(ExportOption.duration("d"))).contains(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
    }

    @ParameterizedTest
    @CsvSource({"PT-9999999999999999999S", "-9223372036854775808s"})
    void aNegativeDurationPastTheLongestIsStillRefused(String raw) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("d", raw).build();
        assertThatThrownBy(() -> o.get(ExportOption.duration("d"))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("'" + raw + "'");
    }

    /**
     * An ISO duration with a negative part whose total still overflows ({@code P106751991167301DT-1S}: 106751991167301
     * days are 9223372036854806400 s, 30593 s past Long.MAX_VALUE) was refused as not a duration, though one without a
     * minus sign was the longest; and so was one whose parts overflow a long on the way but whose total fits
     * ({@code P106751991167301DT-30593S} is exactly Long.MAX_VALUE seconds). The total is now taken exactly.
     */
    @ParameterizedTest
    @CsvSource({
        "P106751991167301DT-1S,9223372036854775807,999999999",
        "P106751991167301DT-30592S,9223372036854775807,999999999",
        "PT-1H99999999999999999999999999S,9223372036854775807,999999999",
        "P106751991167301DT-30593S,9223372036854775807,0",
        "P106751991167301DT-30592.5S,9223372036854775807,500000000",
        "'p106751991167301dt-30594,5s',9223372036854775805,500000000",
        "P106751991167301DT-9223372036854806400S,0,0"})
    void anIsoDurationWithANegativePartIsTakenByItsExactTotal(String raw, long seconds, int nanos) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("d", raw).build();
        assertThat(o.get(ExportOption.duration("d"))).contains(Duration.ofSeconds(seconds, nanos));
    }

    /**
     * A whole number past the range of a {@code long} says so: "expected a whole number" alone, for a value of digits
     * only, read as though the digits were not a number.
     */
    @ParameterizedTest
    @CsvSource({"99999999999999999999, 9223372036854775807, past the largest",
            "+9223372036854775808, 9223372036854775807, past the largest",
            "-9223372036854775809, -9223372036854775808, below the smallest"})
    void aWholeNumberPastTheRangeOfALongSaysSo(String raw, String limit, String where) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("n", raw).build();
        ExportOptions max = ExportOptions.builder().provider("x").target("t").option("n", limit).build();

        assertThat(max.get(ExportOption.number("n"))).contains(Long.parseLong(limit));
        assertThatThrownBy(() -> o.get(ExportOption.number("n"))).isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'n' has an invalid value '" + raw + "': it is " + where + " whole number a"
                        + " value may be (" + limit + "); expected a whole number");
    }

    /** One whose total overflows below zero gets the error of any negative duration, naming the value. */
    @ParameterizedTest
    @CsvSource({"P-106751991167301DT1S", "PT-1H-9223372036854775808S", "P-106751991167302DT86399S"})
    void anIsoDurationThatOverflowsBelowZeroIsRefusedAsANegativeOne(String raw) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("d", raw).build();
        String negative = "PT-1S";
        ExportOptions plain = ExportOptions.builder().provider("x").target("t").option("d", negative).build();
        assertThatThrownBy(() -> plain.get(ExportOption.duration("d"))).isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'd' has an invalid value '" + negative + "': expected a duration such as 500ms,"
                        + " 30s, 5m, 2h or PT30S");
        assertThatThrownBy(() -> o.get(ExportOption.duration("d"))).isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'd' has an invalid value '" + raw + "': expected a duration such as 500ms, 30s,"
                        + " 5m, 2h or PT30S");
    }

    /**
     * Only ASCII letters name the parts of a duration: upper-casing {@code ſ} (the long s, U+017F) for
     * {@link Duration#parse} made {@code PT1ſ} one second, while the overflow path and the unit forms refused it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PT1\u017f", "PT9999999999999999999\u017f", "P1\u0131", "1\u017f"})
    void aDurationWithANonAsciiLetterIsRefused(String raw) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("d", raw).build();
        assertThatThrownBy(() -> o.get(ExportOption.duration("d"))).isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'd' has an invalid value '" + raw + "': expected a duration such as 500ms, 30s,"
                        + " 5m, 2h or PT30S");
    }

    @ParameterizedTest
    @CsvSource({"0.000000001s,PT0.000000001S", "0.000001ms,PT0.000000001S", "PT0.000000001S,PT0.000000001S",
        "0.1000000000s,PT0.1S", "1.5000000000000,PT1.5S", "0s,PT0S", "0,PT0S", "PT0S,PT0S",
        "PT1.1234567890S,PT1.123456789S", "pt0.1000000000000s,PT0.1S", "PT1M0.0000000000S,PT1M"})
    void aWholeNumberOfNanosecondsIsKeptExactlyInEveryForm(String raw, String expected) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("d", raw).build();
        assertThat(o.get(ExportOption.duration("d"))).contains(Duration.parse(expected));
        ExportOptions typed = ExportOptions.builder().provider("x").target("t")
                .option(ExportOption.duration("d"), Duration.ofNanos(1)).build();
        assertThat(typed.get(ExportOption.duration("d"))).contains(Duration.ofNanos(1));
    }

    @ParameterizedTest
    @CsvSource({"1.5,1.5", "2,2.0", " 3.25 ,3.25", "1e1,10.0"})
    void decimalsParse(String raw, double expected) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("f", raw).build();
        assertThat(o.get(ExportOption.decimal("f"))).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"1e-400", "-1e-400", "0.0000000001e-320", "2.4e-324"})
    void aNonZeroDecimalThatWouldReadAsZeroIsRefusedNamingIt(String raw) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("f", raw).build();
        assertThatThrownBy(() -> o.get(ExportOption.decimal("f"))).isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'f' has an invalid value '" + raw + "': it is not zero but too close to zero for a"
                        + " decimal number, which would read it as 0; expected a decimal number");
    }

    @ParameterizedTest
    @CsvSource({"0,0.0", "0e-400,0.0", "-0.000e5,-0.0", "1e-320,1e-320", "4.9e-324,4.9e-324"})
    void zeroAndSubnormalDecimalsAreRead(String raw, double expected) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("f", raw).build();
        assertThat(o.get(ExportOption.decimal("f"))).contains(expected);
        ExportOptions typed = ExportOptions.builder().provider("x").target("t")
                .option(ExportOption.decimal("f"), Double.MIN_VALUE).build();
        assertThat(typed.get(ExportOption.decimal("f"))).contains(Double.MIN_VALUE);
    }

    @ParameterizedTest
    @CsvSource({"NaN", "Infinity", "-Infinity", "1e999", "'1,5'", "''", "ten", "0x1p3", "1.5d", "1.5f"})
    void badDecimalsAreRejectedNamingOptionAndValue(String raw) {
        ExportOptions o = ExportOptions.builder().provider("x").target("t").option("f", raw).build();
        assertThatThrownBy(() -> o.get(ExportOption.decimal("f"))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("'f'").hasMessageContaining("'" + raw + "'")
                .hasMessageContaining("a decimal number");
    }

    @Test
    void theTypedSetterRefusesWhatReadingWouldRefuse() {
        ExportOptions.Builder builder = ExportOptions.builder().provider("x").target("t");
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> builder.option(ExportOption.decimal("growth"), bad))
                    .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'growth'");
        }
        assertThatThrownBy(() -> builder.option(ExportOption.duration("timeout"), Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'timeout'");
        assertThat(builder.build().keys()).as("nothing stored").isEmpty();
        ExportOptions ok = builder.option(ExportOption.decimal("growth"), 2.5).build();
        assertThat(ok.get(ExportOption.decimal("growth"))).contains(2.5);
    }

    @Test
    void typedValuesRoundTripThroughTheBuilder() {
        ExportOption<Duration> timeout = ExportOption.duration("timeout");
        ExportOption<Boolean> flag = ExportOption.bool("flag");
        ExportOption<Mode> mode = ExportOption.choice("mode", Mode.class);
        ExportOptions o = ExportOptions.builder().provider("x").target("t")
                .option(timeout, Duration.ofSeconds(90)).option(flag, true).option(mode, Mode.ON_SUCCESS).build();
        assertThat(o.get(timeout)).contains(Duration.ofSeconds(90));
        assertThat(o.get(flag)).contains(true);
        assertThat(o.get("mode")).contains("on-success");
        assertThat(o.get(mode)).contains(Mode.ON_SUCCESS);
        assertThat(o.get(ExportOption.bool("absent"), false)).isFalse();
        assertThatThrownBy(() -> ExportOptions.builder().provider("x").target("t").option("mode", "sometimes").build()
                .get(mode)).hasMessageContaining("one of always, on-success, never");
    }

    @Test
    void requireKnownNamesTheUnknownOption() {
        ExportOptions o = ExportOptions.parse("d1:x:t?colum-list=false&provider-class=a.B");
        assertThatThrownBy(() -> o.requireKnown(java.util.List.of(ExportOption.bool("column-list"))))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("Unknown option 'colum-list' for provider 'x'; known options: column-list");
    }

    @Test
    void builderRequiresProviderAndTarget() {
        assertThatThrownBy(() -> ExportOptions.builder().target("t").build())
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("provider name is required");
        assertThatThrownBy(() -> ExportOptions.builder().provider("x").build())
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("target");
        assertThatThrownBy(() -> ExportOptions.builder().provider("not valid"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'not valid'");
    }

    enum Mode { ALWAYS, ON_SUCCESS, NEVER }
}
