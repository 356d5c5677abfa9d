package dev.d1export.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/** The wrangler 4.86 reference files (a copy of ../shared/golden/wrangler-4.86-lab in the test resources). */
final class Golden {

    static final String FOLDER = "/golden/wrangler-4.86-lab/";

    private Golden() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Objects.requireNonNull(Golden.class.getResourceAsStream(FOLDER + name), name)) {
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
