package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FakeD1Server;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real executable jar exporting over HTTP from FakeD1Server: proves the shaded cloudflare provider and its JSON
 * binding (found through merged service files) work outside Maven's class path.
 */
class PackagedJarCloudflareIT {

    private static final String TOKEN = "jar-token-SECRET-0042";

    @RegisterExtension
    final FakeD1Server d1 = FakeD1Server.builder().apiToken(TOKEN).pollsUntilComplete(1).build();

    @TempDir
    Path dir;

    @Test
    void exportsFromTheFakeServerWithTheTokenFromTheEnvironment() throws IOException {
        d1.addDatabase("sample", Files.copy(Path.of(System.getProperty("d1export.examples"), "sample.sqlite"),
                dir.resolve("sample.sqlite")));
        String url = d1.exportUrl("sample") + "?base-url=" + URLEncoder.encode(d1.baseUrl(), StandardCharsets.UTF_8)
                + "&min-poll-interval=10ms&max-poll-interval=50ms";
        Path out = dir.resolve("sample.sql");

        CliResult result = ChildJvm.jar(Path.of(System.getProperty("d1export.jar")))
                .env("CLOUDFLARE_API_TOKEN", TOKEN)
                .run("export", url, "--json", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out)).startsWith("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE users (");
        assertThat(JsonReader.object(result.out())).containsEntry("provider", "cloudflare")
                .containsEntry("bytes", Files.size(out));
        assertThat(result.err()).contains("poll 1: active").contains("server: ");
        assertThat(result.all()).doesNotContain(TOKEN);
        assertThat(d1.journal().credentialLeaks()).isEmpty();
    }
}
