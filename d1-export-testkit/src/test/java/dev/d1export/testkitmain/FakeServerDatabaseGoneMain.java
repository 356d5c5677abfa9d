package dev.d1export.testkitmain;

import dev.d1export.testkit.FakeD1Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run in a child JVM by {@code FakeD1ServerDatabaseCheckTest}, with a temporary folder of its own: adds a database to
 * a builder, deletes its file, builds (which fails its check after the server's work folder is made), then prints the
 * failure and {@code left: [...]}, the {@code fake-d1-*} folders in the temporary folder, while the JVM still runs:
 * at its exit the shutdown hook would remove a folder left behind, hiding the leak.
 */
public final class FakeServerDatabaseGoneMain {

    private FakeServerDatabaseGoneMain() {
    }

    /**
     * Builds the server on a deleted file and lists the folders left.
     *
     * @param args the SQLite file, deleted once the builder has checked it
     * @throws IOException if the file cannot be deleted or the temporary folder listed
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        FakeD1Server.Builder builder = FakeD1Server.builder().database("lab", file);
        Files.delete(file);
        try {
            FakeD1Server server = builder.build();
            System.out.println("started: " + server);
        } catch (IllegalArgumentException e) {
            System.out.println("build failed: " + e.getMessage());
        }
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("fake-d1-"))
                    .toList();
            System.out.println("left: " + left);
        }
        System.out.flush();
    }
}
