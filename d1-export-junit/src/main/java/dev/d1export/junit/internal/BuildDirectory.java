package dev.d1export.junit.internal;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the build directory of the module under test ({@code target} for Maven, {@code build} for Gradle), so
 * snapshot files land there whatever the working directory is (IDEs often run tests from the repository root).
 */
public final class BuildDirectory {

    private static final Set<String> BUILD_DIR_NAMES = Set.of("target", "build", "out", "bin");
    private static final int MAX_LEVELS = 5;

    private BuildDirectory() {
    }

    /**
     * Locates the build directory, trying in turn: the ancestor of the test class's compiled location named
     * {@code target}, {@code build}, {@code out} or {@code bin}; {@code ${basedir}/target} when Surefire's
     * {@code basedir} system property is set; {@code ./target} or {@code ./build} when the working directory holds a
     * Maven or Gradle build file; the system temporary directory.
     *
     * @param testClass the test class, whose code source marks the module
     * @return an absolute directory (it may not exist yet)
     */
    public static Path locate(Class<?> testClass) {
        Optional<Path> fromCode = fromCodeSource(testClass);
        if (fromCode.isPresent()) {
            return fromCode.get();
        }
        String basedir = System.getProperty("basedir");
        if (basedir != null && !basedir.isBlank() && Files.isRegularFile(Path.of(basedir, "pom.xml"))) {
            return Path.of(basedir, "target").toAbsolutePath();
        }
        Path working = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(working.resolve("pom.xml"))) {
            return working.resolve("target");
        }
        if (Files.isRegularFile(working.resolve("build.gradle"))
                || Files.isRegularFile(working.resolve("build.gradle.kts"))) {
            return working.resolve("build");
        }
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }

    private static Optional<Path> fromCodeSource(Class<?> testClass) {
        try {
            CodeSource source = testClass.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null
                    || !"file".equals(source.getLocation().getProtocol())) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath();
            Path candidate = location;
            for (int level = 0; level < MAX_LEVELS && candidate != null; level++) {
                Path name = candidate.getFileName();
                if (name != null && BUILD_DIR_NAMES.contains(name.toString()) && Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
                candidate = candidate.getParent();
            }
            return Optional.empty();
        } catch (SecurityException | URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
