package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportOptions;
import dev.d1export.testkit.Endpoint;
import dev.d1export.testkit.FakeD1Server;
import dev.d1export.testkit.Fault;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --json} objects are a contract for scripts: the same keys in every object of a status (a value that
 * does not apply is {@code null}, never a missing key), whatever the provider, the failure family or how far the run
 * got; {@code url} the given URL, masked, whenever one was given; and the README's tables list exactly these keys.
 * Each case runs the real command: SQLite files, the fixture provider, FakeD1Server.
 */
class JsonContractTest {

    private static final Path ROOT = Path.of(System.getProperty("d1export.examples")).getParent();

    private static final String TOKEN = "cf-token-SECRET-0815";

    /** In the URLs given: a secret query value, which no output may show. */
    private static final String SECRET = "url-SECRET-4711";

    /** The keys that begin both objects. */
    private static final List<String> COMMON_KEYS = List.of("status", "exitCode", "url", "provider");

    private static final List<String> SUCCESS_KEYS = List.of("status", "exitCode", "url", "provider", "file",
            "filename", "bytes", "tables", "noData", "noSchema", "bookmark", "durationMillis", "serverMillis",
            "downloadMillis", "polls", "messages", "skippedTables", "unmatchedTables", "inexactValues");

    private static final List<String> FAILURE_KEYS = List.of("status", "exitCode", "url", "provider", "error");

    private static final List<String> ERROR_KEYS = List.of("family", "type", "message", "hint", "httpStatus", "codes",
            "serverMessages", "rayId", "retryAfterMillis");

    @RegisterExtension
    static final FakeD1Server D1 = FakeD1Server.builder().apiToken(TOKEN).pollsUntilComplete(1).build();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void sampleDatabase() throws IOException {
        D1.addDatabase("sample", Files.copy(Path.of(System.getProperty("d1export.examples"), "sample.sqlite"),
                shared.resolve("sample.sqlite")));
    }

    @AfterEach
    void resetServer() {
        D1.reset();
    }

    @Test
    void everySuccessHasTheSameKeysWhateverTheProvider() throws Exception {
        Path db = SqliteDatabase.create(dir.resolve("app.sqlite"), "CREATE TABLE users(id INTEGER PRIMARY KEY)",
                "INSERT INTO users VALUES (1)");
        Map<String, CliResult> runs = new LinkedHashMap<>();
        runs.put("sqlite", InProcess.run("export", "d1:sqlite:" + db, "--json", "-o", out("a.sql")));
        runs.put("cloudflare", InProcess.run("export", cloudflareUrl(), "--token-file", tokenFile(), "--json", "-o",
                out("b.sql")));
        runs.put("fixture", InProcess.run("export", FIXTURE + "?bookmark=bm-1", "-t", "users", "--json", "-o",
                out("c.sql")));

        Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
        runs.forEach((provider, result) -> {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            Map<String, Object> json = JsonReader.object(result.out());
            assertThat(new ArrayList<>(json.keySet())).as(provider + ": " + result.out())
                    .containsExactlyElementsOf(SUCCESS_KEYS);
            assertThat(json).containsEntry("status", "ok").containsEntry("exitCode", 0L)
                    .containsEntry("provider", provider);
            assertThat(json.get("url")).as(provider).isNotNull();
            assertThat(result.all()).doesNotContain(TOKEN);
            objects.put(provider, json);
        });
        // null and 0 mean different things: the provider does not count, or it counted none.
        assertThat(objects.get("sqlite")).containsEntry("inexactValues", 0L).containsEntry("bookmark", null);
        assertThat(objects.get("cloudflare")).containsEntry("inexactValues", null);
        assertThat((String) objects.get("cloudflare").get("bookmark")).isNotBlank();
    }

    @Test
    void everyFailureHasTheSameKeysWithTheMaskedUrlAndNoSecret() throws Exception {
        Path db = SqliteDatabase.create(dir.resolve("app.sqlite"), "CREATE TABLE users(id INTEGER PRIMARY KEY)");
        String secretQuery = "?password=" + SECRET;
        List<Failure> failures = new ArrayList<>();

        // A command line that does not parse, with the URL before the error and a secret in it.
        String fixtureWithToken = FIXTURE + "?api-token=" + SECRET;
        failures.add(new Failure("usage", fixtureWithToken, null, InProcess.run("export", fixtureWithToken,
                "--json", "-o", out("x.sql"), "--frobnicate")));
        failures.add(new Failure("usage", fixtureWithToken, null, InProcess.run("export", fixtureWithToken,
                "--json", "--timeout", "soon", "-o", out("x.sql"))));
        failures.add(new Failure("usage", fixtureWithToken, null, InProcess.run("export", "--json",
                fixtureWithToken)));
        // A URL that does not parse (user info, a secret in the query).
        String badUrl = "d1:cloudflare://someone:" + SECRET + "@account/db" + secretQuery;
        failures.add(new Failure("usage", badUrl, null, InProcess.run("export", badUrl, "--json", "-o",
                out("x.sql"))));
        String notAUrl = "not-a-url" + secretQuery;
        failures.add(new Failure("usage", notAUrl, null, InProcess.run("export", notAUrl, "--json", "-o",
                out("x.sql"))));
        // A URL no provider serves, and -q with -v: usage errors before any provider is chosen.
        String noProvider = "d1:nosuchprovider:x" + secretQuery;
        failures.add(new Failure("usage", noProvider, null, InProcess.run("export", noProvider, "--json", "-o",
                out("x.sql"))));
        failures.add(new Failure("usage", FIXTURE, null, InProcess.run("export", FIXTURE, "--json", "-q", "-v",
                "-o", out("x.sql"))));
        // An option the provider refuses: the provider is chosen.
        String unknownOption = FIXTURE + "?unknown=1";
        failures.add(new Failure("usage", unknownOption, "fixture", InProcess.run("export", unknownOption, "--json",
                "-o", out("x.sql"))));
        // A local file that is not there.
        String missing = "d1:sqlite:" + dir.resolve("missing.sqlite");
        failures.add(new Failure("not-found", missing, "sqlite", InProcess.run("export", missing, "--json", "-o",
                out("x.sql"))));
        // Rate limited: the fixture's (which says how long to wait), and FakeD1Server's 429 with and without
        // Retry-After, retries off.
        String fixtureLimited = FIXTURE + "?fail=rate-limited";
        failures.add(new Failure("rate-limited", fixtureLimited, "fixture", InProcess.run("export", fixtureLimited,
                "--json", "-o", out("x.sql"))));
        String limited = cloudflareUrl() + "&max-retries=0";
        D1.inject(Endpoint.EXPORT, 5, Fault.status(429));
        failures.add(new Failure("rate-limited", limited, "cloudflare", InProcess.run("export", limited,
                "--token-file", tokenFile(), "--json", "-o", out("x.sql"))));
        D1.reset();
        D1.inject(Endpoint.EXPORT, 5, Fault.status(429).withRetryAfter(Duration.ofSeconds(2)));
        failures.add(new Failure("rate-limited", limited, "cloudflare", InProcess.run("export", limited,
                "--token-file", tokenFile(), "--json", "-o", out("x.sql"))));
        // A destination refused before any work, and a bug in a provider.
        failures.add(new Failure("destination", "d1:sqlite:" + db, null, InProcess.run("export", "d1:sqlite:" + db,
                "--json", "-o", dir.resolve("no-such-folder").resolve("x.sql").toString())));
        ClassLoader crashing = ExtraProviders.loaderWith(dir.resolve("cp"), CrashingProvider.class.getName());
        failures.add(new Failure("internal", "d1:crash:bug", "crash", InProcess.run(false, crashing, "export",
                "d1:crash:bug", "--json", "-o", out("x.sql"))));
        String slow = FIXTURE + "?delay=30s&journal=" + java.util.UUID.randomUUID();
        failures.add(new Failure("cancelled", slow, "fixture", cancelledExport(slow)));

        for (Failure failure : failures) {
            CliResult result = failure.result();
            Map<String, Object> json = JsonReader.object(result.out());
            String what = failure.family() + " " + failure.url() + ": " + result;
            assertThat(new ArrayList<>(json.keySet())).as(what).containsExactlyElementsOf(FAILURE_KEYS);
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) json.get("error");
            assertThat(new ArrayList<>(error.keySet())).as(what).containsExactlyElementsOf(ERROR_KEYS);
            assertThat(error).as(what).containsEntry("family", failure.family());
            assertThat(json).as(what).containsEntry("status", "error")
                    .containsEntry("exitCode", (long) result.exitCode())
                    .containsEntry("provider", failure.provider());
            assertThat(json).as(what).containsEntry("url", shown(failure.url()));
            assertThat(result.all()).as(what).doesNotContain(SECRET).doesNotContain(TOKEN);
            if (!failure.family().equals("rate-limited")) {
                assertThat(error).as(what).containsEntry("retryAfterMillis", null);
            }
        }
        assertThat(retryAfter(failures.get(9))).isEqualTo(1000L);
        assertThat(retryAfter(failures.get(10))).as("429 without Retry-After").isNull();
        assertThat(retryAfter(failures.get(11))).isEqualTo(2000L);
        assertThat(errorOf(failures.get(10))).containsEntry("httpStatus", 429L);
    }

    @Test
    void aCommandLineThatDoesNotParseNamesTheUrlItWasGivenMasked() {
        String url = "d1:sqlite:app.sqlite?password=" + SECRET + "&column-list=false";

        CliResult result = InProcess.run("export", url, "--json", "-o", out("x.sql"), "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(JsonReader.object(result.out())).as(result.toString())
                .containsEntry("url", "d1:sqlite:app.sqlite?password=****&column-list=false");
        assertThat(result.all()).doesNotContain(SECRET);
    }

    /**
     * A failure the export command reports before it reads the URL (-q with -v) shows the URL as every other failure
     * of the same command line does: parsed and masked ({@code toUrl()}), not as typed.
     */
    @Test
    void aFailureBeforeTheUrlIsReadShowsItAsTheOtherFailuresDo() {
        String url = "d1:SQLite:app.sqlite?column-list=%66alse";

        CliResult bothFlags = InProcess.run("export", url, "--json", "-q", "-v", "-o", out("x.sql"));
        CliResult unknownOption = InProcess.run("export", url, "--json", "-o", out("x.sql"), "--frobnicate");

        assertThat(JsonReader.object(bothFlags.out())).as(bothFlags.toString())
                .containsEntry("url", "d1:sqlite:app.sqlite?column-list=false");
        assertThat(JsonReader.object(unknownOption.out()).get("url"))
                .isEqualTo(JsonReader.object(bothFlags.out()).get("url"));
    }

    /**
     * picocli stops at a bad option value before it reaches the URL; the usage failure still names the URL the
     * command line gives, masked as the failures of the same line that picocli read the URL for show it (a token in
     * the query and in user info among them, a URL that parses and one that does not, one after {@code --}).
     */
    @Test
    void aBadOptionValueBeforeTheUrlStillNamesTheUrlMasked() {
        List<String> urls = List.of("d1:sqlite:app.sqlite?password=" + SECRET + "&column-list=%66alse",
                "d1:cloudflare://me:" + SECRET + "@acct/db?api-token=" + SECRET,
                "d1:cloudflare://acct/db?token=" + SECRET + "&frobnicate");
        List<List<String>> badValues = List.of(List.of("--timeout", "soon"), List.of("--progress", "sideways"),
                List.of("--unmatched-tables=maybe"));
        for (String url : urls) {
            CliResult readUrl = InProcess.run("export", url, "--json", "-o", out("x.sql"), "--frobnicate");
            Object shown = JsonReader.object(readUrl.out()).get("url");
            assertThat(shown).as(readUrl.toString()).isNotNull();
            for (List<String> badValue : badValues) {
                List<String> before = new ArrayList<>(List.of("export"));
                before.addAll(badValue);
                List<String> args = new ArrayList<>(before);
                args.addAll(List.of(url, "-o", out("x.sql"), "--json"));
                List<String> afterDashes = new ArrayList<>(before);
                afterDashes.addAll(List.of("-o", out("x.sql"), "--json", "--", url));
                for (List<String> line : List.of(args, afterDashes)) {
                    CliResult result = InProcess.run(line.toArray(String[]::new));

                    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
                    assertThat(JsonReader.object(result.out())).as(result.toString()).containsEntry("url", shown);
                    assertThat(result.all()).as(result.toString()).doesNotContain(SECRET);
                }
            }
        }
    }

    /** Only the export command has a URL: a bad value with no URL, or another command, names none. */
    @Test
    void aBadOptionValueWithoutAUrlNamesNone() {
        CliResult noUrl = InProcess.run("export", "--timeout", "soon", "-o", out("x.sql"), "--json");
        CliResult providers = InProcess.run("providers", "--json", "--timeout", "d1:sqlite:app.sqlite");
        CliResult tableNamedLikeAUrl = InProcess.run("export", "--timeout", "soon", "-t", "d1:sqlite:app.sqlite",
                "--json");

        for (CliResult result : List.of(noUrl, providers, tableNamedLikeAUrl)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(JsonReader.object(result.out())).as(result.toString()).containsEntry("url", null);
        }
    }

    @Test
    void aFailureNamesTheProviderChosenForItsUrl() {
        CliResult result = InProcess.run("export", "d1:sqlite:" + dir.resolve("missing.sqlite"), "--json", "-o",
                out("x.sql"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(JsonReader.object(result.out())).as(result.toString()).containsEntry("provider", "sqlite");
    }

    @Test
    void retryAfterMillisIsThereInEveryFamilyNullWhereItDoesNotApply() {
        CliResult busy = InProcess.run("export", FIXTURE + "?fail=busy", "--json", "-o", out("x.sql"));
        CliResult usage = InProcess.run("export", FIXTURE, "--json", "-o", out("x.sql"), "--frobnicate");

        for (CliResult result : List.of(busy, usage)) {
            assertThat(errorOf(JsonReader.object(result.out()))).as(result.toString())
                    .containsEntry("retryAfterMillis", null);
        }
    }

    @Test
    void aFailureWithoutAUrlHasTheKeysWithNull() {
        CliResult result = InProcess.run("export", "--json", "-o", out("x.sql"));

        Map<String, Object> json = JsonReader.object(result.out());
        assertThat(new ArrayList<>(json.keySet())).as(result.toString()).containsExactlyElementsOf(FAILURE_KEYS);
        assertThat(json).containsEntry("url", null).containsEntry("provider", null);
        assertThat(new ArrayList<>(errorOf(json).keySet())).containsExactlyElementsOf(ERROR_KEYS);
    }

    /** A usage error names the URL of its own command line only, not one of an earlier run in this thread. */
    @Test
    void aUsageErrorDoesNotNameTheUrlOfAnEarlierRun() {
        InProcess.run("export", FIXTURE, "--json", "-o", out("x.sql"), "--frobnicate");

        CliResult providers = InProcess.run("providers", "--json", "--frobnicate");
        CliResult export = InProcess.run("export", "--json", "--frobnicate");

        assertThat(JsonReader.object(providers.out())).as(providers.toString()).containsEntry("url", null);
        assertThat(JsonReader.object(export.out())).as(export.toString()).containsEntry("url", null);
        assertThat(new ArrayList<>(JsonReader.object(providers.out()).keySet()))
                .containsExactlyElementsOf(FAILURE_KEYS);
    }

    @Test
    void providersJsonHasItsDocumentedKeysAndNoNulls() {
        ClassLoader loader = ExtraProviders.loaderWith(dir, "com.example.MissingProvider",
                NullDescriptionProvider.class.getName());

        CliResult result = InProcess.run(false, loader, "providers", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Object> json = JsonReader.object(result.out());
        assertThat(new ArrayList<>(json.keySet())).containsExactly("providers", "failures");
        List<String> keys = new ArrayList<>(List.of("providers"));
        for (Map<String, Object> provider : list(json.get("providers"))) {
            addKeys(keys, "providers[].", provider);
            for (Map<String, Object> option : list(provider.get("options"))) {
                addKeys(keys, "providers[].options[].", option);
            }
            assertThat(provider.values()).as(provider.toString()).doesNotContainNull();
        }
        keys.add("failures");
        for (Map<String, Object> failure : list(json.get("failures"))) {
            addKeys(keys, "failures[].", failure);
            assertThat(failure.values()).doesNotContainNull();
        }
        assertThat(keys).containsExactlyElementsOf(readmeTables().get(2));
        assertThat(list(json.get("providers"))).anySatisfy(provider -> assertThat(provider)
                .containsEntry("name", "nodescription").containsEntry("description", ""));
        assertThat(list(json.get("failures"))).singleElement()
                .satisfies(failure -> assertThat((String) failure.get("provider")).contains("com.example.MissingProvider"));
    }

    @Test
    void theReadmeListsExactlyTheKeysOfEachObject() {
        List<List<String>> tables = readmeTables();

        assertThat(tables).hasSize(3);
        assertThat(tables.get(0)).containsExactlyElementsOf(SUCCESS_KEYS);
        List<String> failure = new ArrayList<>(FAILURE_KEYS);
        ERROR_KEYS.forEach(key -> failure.add("error." + key));
        assertThat(tables.get(1)).containsExactlyElementsOf(failure);
        assertThat(SUCCESS_KEYS.subList(0, COMMON_KEYS.size())).isEqualTo(COMMON_KEYS);
        assertThat(FAILURE_KEYS.subList(0, COMMON_KEYS.size())).isEqualTo(COMMON_KEYS);
    }

    /** The exit code table names each family as error.family spells it, on its exit code's row. */
    @Test
    void theReadmesExitCodeTableNamesEachFamily() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));

        for (dev.d1export.cli.internal.FailureFamily family : dev.d1export.cli.internal.FailureFamily.values()) {
            assertThat(readme).as(family.id()).containsPattern("\\|\\s*" + family.exitCode() + "\\s*\\|\\s*`"
                    + family.name() + "`\\s*\\|\\s*`" + family.id() + "`\\s*\\|");
        }
    }

    /** Runs an export of the fixture URL (with a delay and a journal) and interrupts it once it has begun. */
    private CliResult cancelledExport(String url) throws InterruptedException {
        String journal = url.substring(url.indexOf("journal=") + "journal=".length());
        CliResult result = InProcess.runInterruptedOnceStarted(journal, "export", url, "--json", "-o",
                out("cancelled.sql"));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CANCELLED);
        return result;
    }

    /** A URL as messages show it: parsed and masked, or, when it does not parse, masked as given. */
    private static String shown(String url) {
        try {
            return ExportOptions.parse(url).toUrl();
        } catch (RuntimeException e) {
            return ExportOptions.redact(url);
        }
    }

    /** One failing run: the family and provider it should report, and the URL it was given. */
    private record Failure(String family, String url, String provider, CliResult result) {
    }

    private static Object retryAfter(Failure failure) {
        return errorOf(failure).get("retryAfterMillis");
    }

    private static Map<String, Object> errorOf(Failure failure) {
        return errorOf(JsonReader.object(failure.result().out()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorOf(Map<String, Object> json) {
        return (Map<String, Object>) json.get("error");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static void addKeys(List<String> keys, String prefix, Map<String, Object> object) {
        for (String key : object.keySet()) {
            if (!keys.contains(prefix + key)) {
                keys.add(prefix + key);
            }
        }
    }

    /** The key columns of the README's tables in its JSON output section: success, failure, providers. */
    static List<List<String>> readmeTables() {
        String readme;
        try {
            readme = Files.readString(ROOT.resolve("README.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int start = readme.indexOf("\n### JSON output\n");
        int end = readme.indexOf("\n### ", start + 1);
        assertThat(start).as("the README's JSON output section").isNotNegative();
        List<List<String>> tables = new ArrayList<>();
        List<String> current = null;
        for (String line : readme.substring(start, end).lines().toList()) {
            if (line.startsWith("| key |")) {
                current = new ArrayList<>();
                tables.add(current);
            } else if (current != null && line.startsWith("| `")) {
                current.add(line.substring(3, line.indexOf('`', 3)));
            } else if (current != null && !line.startsWith("|---")) {
                current = null;
            }
        }
        return tables;
    }

    private String out(String name) {
        return dir.resolve(name).toString();
    }

    private String tokenFile() throws IOException {
        return Files.writeString(dir.resolve("token"), TOKEN + "\n").toString();
    }

    /** The sample's URL on the fake server, its (non-secret) client settings in the query. */
    private static String cloudflareUrl() {
        StringBuilder sb = new StringBuilder(D1.exportUrl("sample"));
        char sep = '?';
        for (Map.Entry<String, String> e : D1.clientProperties(TOKEN).entrySet()) {
            if (!e.getKey().equals("api-token")) {
                sb.append(sep).append(e.getKey()).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return sb.toString();
    }
}
