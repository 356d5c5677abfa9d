package dev.d1export.testkitmain;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.testkit.FakeD1Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a child JVM by {@code ModulePathTest} with the testkit, its dependencies and the {@code cloudflare} provider
 * on the module path: starts FakeD1Server on a SQLite file, exports from it through the facade, and exports a
 * classpath fixture with the {@code fixture} provider. Prints what it did; exits 0 on success.
 */
public final class ModulePathFakeServerMain {

    private ModulePathFakeServerMain() {
    }

    /**
     * Runs both exports.
     *
     * @param args the SQLite file, the output folder
     * @throws Exception any failure (the test reads the exit status and the log)
     */
    public static void main(String[] args) throws Exception {
        Path database = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try (FakeD1Server server = FakeD1Server.builder().apiToken("module-token")
                .database("fa017000-0000-4000-8000-0000000000aa", "lab", database).pollsUntilComplete(1).build()) {
            try (Exporter exporter = D1Export.open(server.exportUrl("lab"), server.clientProperties("module-token"))) {
                ExportResult result = exporter.export(ExportRequest.builder().tables("users")
                        .destination(out.resolve("fake.sql")).build());
                System.out.println("fake: provider=" + result.provider() + " module="
                        + FakeD1Server.class.getModule().getName() + " bytes=" + Files.size(out.resolve("fake.sql")));
            }
        }
        Path fixture = Files.writeString(out.resolve("fixture-in.sql"), "CREATE TABLE f(a);\n");
        try (Exporter exporter = D1Export.open("d1:fixture:file:" + fixture, Map.of())) {
            ExportResult result = exporter.export(ExportRequest.builder().destination(out.resolve("fixture.sql")).build());
            System.out.println("fixture: provider=" + result.provider() + " text="
                    + Files.readString(out.resolve("fixture.sql")).strip());
        }
    }
}
