package dev.d1export.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/** The wrangler 4.86 reference files, copied from the test resources into a test's own folder. */
final class Golden {

    static final String FOLDER = "/golden/wrangler-4.86-lab/";

    private Golden() {
    }

    /** A golden file's bytes. */
    static byte[] bytes(String name) {
        return bytes(FOLDER, name);
    }

    /** The bytes of a file in another folder of reference files, such as {@code /golden/wrangler-4.86-invalid-utf8/}. */
    static byte[] bytes(String folder, String name) {
        try (InputStream in = Objects.requireNonNull(Golden.class.getResourceAsStream(folder + name), name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a golden database into {@code dir}, so a test never touches the shared copy. */
    static Path copy(String name, Path dir) {
        try (InputStream in = Objects.requireNonNull(Golden.class.getResourceAsStream(FOLDER + name), name)) {
            Path target = dir.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
