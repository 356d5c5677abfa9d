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

    private BuildDirectory() {
    }

    /**
     * Locates the build directory, trying in turn: the folder the test class was compiled into, by the layout of
     * the build tool that put it there (see {@link #fromLayout(Path)}); {@code ${basedir}/target} when Surefire's
     * {@code basedir} system property names a folder with a {@code pom.xml}; {@code ./target} or {@code ./build}
     * when the working directory holds a Maven or Gradle build file; the system temporary directory.
     *
     * @param testClass the test class, whose code source marks the module
     * @return an absolute directory (it may not exist yet)
     */
    public static Path locate(Class<?> testClass) {
        return locate(testClass, System.getProperty("basedir"), Path.of("").toAbsolutePath());
    }

    /**
     * {@link #locate(Class)} with the {@code basedir} property and the working directory given, for tests: a JVM's
     * working directory cannot be changed.
     */
    static Path locate(Class<?> testClass, String basedir, Path working) {
        Optional<Path> fromCode = fromCodeSource(testClass);
        if (fromCode.isPresent()) {
            return fromCode.get();
        }
        if (basedir != null && !basedir.isBlank() && Files.isRegularFile(Path.of(basedir, "pom.xml"))) {
            return Path.of(basedir, "target").toAbsolutePath();
        }
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
            return fromLayout(Path.of(source.getLocation().toURI()).toAbsolutePath());
        } catch (SecurityException | URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The build directory of a compiled-classes location, by each tool's layout only, so that a folder above the
     * module that happens to be called {@code out} or {@code build} is never taken for it: Maven's
     * {@code <dir>/test-classes} or {@code <dir>/classes} (whatever the build directory is called), Gradle's
     * {@code <dir>/classes/<language>/<source set>} (Kotlin Multiplatform's
     * {@code <dir>/classes/kotlin/<target>/<compilation>}), IntelliJ's {@code out/test/<module>} or
     * {@code out/production/<module>} (for a Gradle module {@code out/test/classes}), Eclipse's {@code bin} or
     * {@code bin/<source set>}, and a jar directly in {@code target}, {@code build}, {@code out} or {@code bin}.
     *
     * @param location the absolute location of the test class's code
     * @return the build directory, if the location has one of these layouts and it exists
     */
    static Optional<Path> fromLayout(Path location) {
        Path parent = location.getParent();
        Path grandparent = parent == null ? null : parent.getParent();
        Path third = grandparent == null ? null : grandparent.getParent();
        Path fourth = third == null ? null : third.getParent();
        Path found = null;
        if (Files.isRegularFile(location)) {
            found = parent != null && named(parent, BUILD_DIR_NAMES) ? parent : null;
        } else if (grandparent != null && named(parent, Set.of("test", "production")) && named(grandparent,
                Set.of("out"))) {
            // Before Maven's rule: IntelliJ building a Gradle module itself writes out/test/classes.
            found = grandparent;
        } else if (named(location, Set.of("test-classes", "classes")) && parent != null) {
            found = parent;
        } else if (grandparent != null && third != null && named(grandparent, Set.of("classes"))) {
            found = third;
        } else if (fourth != null && named(grandparent, Set.of("kotlin")) && named(third, Set.of("classes"))) {
            // Kotlin Multiplatform: classes/kotlin/<target>/<compilation>, e.g. build/classes/kotlin/jvm/test.
            found = fourth;
        } else if (named(location, Set.of("bin"))) {
            found = location;
        } else if (parent != null && named(parent, Set.of("bin"))) {
            found = parent;
        }
        return found != null && Files.isDirectory(found) ? Optional.of(found) : Optional.empty();
    }

    private static boolean named(Path path, Set<String> names) {
        Path name = path.getFileName();
        return name != null && names.contains(name.toString());
    }
}
