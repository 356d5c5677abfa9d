package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FakeD1Server#serveDump}: exports of a database serve a prepared SQL file byte for byte (e.g. a dump of many
 * GiB, to measure a client's download), leave that file as it was, and go back to dumping the database when unset.
 */
class FakeD1ServerPreparedDumpTest {

    static final String TOKEN = "prepared-token";
    static final String DB_ID = "fa017000-0000-4000-8000-0000000000d1";

    @TempDir
    Path dir;

    FakeD1Server server;

    @BeforeEach
    void start() throws Exception {
        server = FakeD1Server.builder().apiToken(TOKEN).database(DB_ID, "lab", Golden.copy("lab.sqlite", dir))
                .pollsUntilComplete(1).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private byte[] export(String name) throws Exception {
        Path out = dir.resolve(name);
        Map<String, String> options = server.clientProperties(TOKEN);
        try (Exporter exporter = D1Export.open(server.exportUrl(DB_ID), options)) {
            exporter.export(ExportRequest.builder().tables("users").destination(out).build());
        }
        return Files.readAllBytes(out);
    }

    @Test
    void exportsServeThePreparedFileAsIsAndLeaveItAlone() throws Exception {
        StringBuilder sql = new StringBuilder("PRAGMA defer_foreign_keys=TRUE;\n");
        for (int i = 0; i < 50_000; i++) {
            sql.append("INSERT INTO \"big\" VALUES(").append(i).append(",'row ").append(i).append("');\n");
        }
        Path prepared = Files.writeString(dir.resolve("prepared.sql"), sql, StandardCharsets.UTF_8);
        byte[] expected = Files.readAllBytes(prepared);

        server.serveDump("lab", prepared);

        assertThat(export("1.sql")).as("whatever tables were asked for").isEqualTo(expected);
        assertThat(export("2.sql")).isEqualTo(expected);
        server.reset();
        assertThat(Files.readAllBytes(prepared)).as("never changed or deleted").isEqualTo(expected);
        assertThat(export("3.sql")).as("the setting survives reset()").isEqualTo(expected);
        assertThat(server.journal().credentialLeaks()).isEmpty();
        server.close();
        assertThat(Files.readAllBytes(prepared)).as("closing the server leaves it too").isEqualTo(expected);
        assertThat(Files.getAttribute(prepared, "unix:nlink")).as("served in place, not linked").isEqualTo(1);
    }

    @Test
    void aRelativeSymbolicLinkIsServedAsItsTarget() throws Exception {
        Path real = Files.writeString(dir.resolve("real.sql"), "PRAGMA defer_foreign_keys=TRUE;\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.sql"), Path.of("real.sql"));

        server.serveDump("lab", link);

        assertThat(export("x.sql")).isEqualTo(Files.readAllBytes(real));
    }

    @Test
    void unsetItDumpsTheDatabaseAgain() throws Exception {
        Path prepared = Files.writeString(dir.resolve("prepared.sql"), "PRAGMA defer_foreign_keys=TRUE;\n");
        server.serveDump(DB_ID, prepared);
        server.serveDump(DB_ID, null);

        assertThat(new String(export("x.sql"), StandardCharsets.UTF_8)).contains("CREATE TABLE users");
    }

    @Test
    void anUnknownDatabaseOrFileIsRefusedNamingIt() {
        assertThatThrownBy(() -> server.serveDump("nope", dir.resolve("x.sql")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> server.serveDump("lab", dir.resolve("missing.sql")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.sql");
    }
}
