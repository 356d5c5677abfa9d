package dev.d1export.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The temporary folders of the fake servers that are open, removed when the JVM shuts down if their server was never
 * closed: a Surefire fork ended by a timeout (SIGTERM), or a server kept in a {@code static} field of a program that
 * exits. The served dumps are as large as the databases, and they would otherwise stay in the temporary folder.
 * Process-wide as the shutdown is; one hook for every server. (A JVM killed outright, SIGKILL, runs no hook.)
 */
public final class WorkFolders {

    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private WorkFolders() {
    }

    /**
     * Creates a server's temporary folder and registers it for removal at shutdown.
     *
     * @return the new folder
     * @throws IOException if it could not be created
     */
    public static Path create() throws IOException {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(WorkFolders::deleteAll, "fake-d1-cleanup"));
        }
        Path dir = Files.createTempDirectory("fake-d1-");
        OPEN.add(dir);
        return dir;
    }

    /**
     * Removes a folder and its contents now (its server closed).
     *
     * @param dir the folder
     * @throws IOException if a file could not be deleted
     */
    public static void delete(Path dir) throws IOException {
        deleteTree(dir);
        // Only once it is gone: a folder that could not be deleted now gets another try at shutdown.
        OPEN.remove(dir);
    }

    private static void deleteAll() {
        for (Path dir : OPEN) {
            try {
                deleteTree(dir);
            } catch (IOException | RuntimeException e) {
                // Shutting down: nowhere left to report it, and the next folder still deserves its try.
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
