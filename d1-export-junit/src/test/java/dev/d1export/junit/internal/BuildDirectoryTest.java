package dev.d1export.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build directory is read from where each build tool puts compiled test classes, never from any folder above the
 * module that happens to be called {@code out}, {@code build}, {@code bin} or {@code target}: snapshot files must not
 * land outside the project.
 */
class BuildDirectoryTest {

    @TempDir
    Path dir;

    private Path folder(String relative) throws IOException {
        return Files.createDirectories(dir.resolve(relative));
    }

    @Test
    void mavensBuildDirectoryIsTheFolderHoldingTestClassesWhateverItIsCalled() throws IOException {
        Path classes = folder("out/app/output/test-classes");

        // Not the project's parent named "out", and not a target folder the build never made.
        assertThat(BuildDirectory.fromLayout(classes)).contains(dir.resolve("out/app/output"));
        assertThat(BuildDirectory.fromLayout(folder("app/target/test-classes"))).contains(dir.resolve("app/target"));
        assertThat(BuildDirectory.fromLayout(folder("app/target/classes"))).contains(dir.resolve("app/target"));
    }

    /** A class to load from a folder of the test's choosing, as a build tool would have compiled it there. */
    static final class Probe {
    }

    @Test
    void aTestClassCompiledIntoARenamedMavenBuildDirectoryUnderAFolderCalledOutGetsThatDirectory() throws Exception {
        Path classes = folder("out/app/output/test-classes");
        String file = Probe.class.getName().replace('.', '/') + ".class";
        Path copy = Files.createDirectories(classes.resolve(file).getParent()).resolve(classes.resolve(file)
                .getFileName());
        try (InputStream in = Probe.class.getClassLoader().getResourceAsStream(file)) {
            Files.copy(in, copy);
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            Class<?> compiledThere = loader.loadClass(Probe.class.getName());

            assertThat(compiledThere.getClassLoader()).isSameAs(loader);
            // It used to be dir/out, the first ancestor with a build folder's name: outside the project.
            assertThat(BuildDirectory.locate(compiledThere)).isEqualTo(dir.resolve("out/app/output"));
        }
    }

    @Test
    void gradlesBuildDirectoryIsThreeLevelsAboveItsClasses() throws IOException {
        assertThat(BuildDirectory.fromLayout(folder("out/app/build/classes/java/test")))
                .contains(dir.resolve("out/app/build"));
        assertThat(BuildDirectory.fromLayout(folder("app/gradle-out/classes/kotlin/integrationTest")))
                .contains(dir.resolve("app/gradle-out"));
    }

    @Test
    void kotlinMultiplatformsBuildDirectoryIsFourLevelsAboveItsClasses() throws IOException {
        // The old walk up to a folder called build found it; the layout rules must too.
        assertThat(BuildDirectory.fromLayout(folder("app/build/classes/kotlin/jvm/test")))
                .contains(dir.resolve("app/build"));
    }

    @Test
    void intellijBuildingAGradleModuleItselfWritesOutTestClassesWhoseBuildDirectoryIsOut() throws IOException {
        // Not out/test, as Maven's rule for a folder called classes would have it.
        assertThat(BuildDirectory.fromLayout(folder("app/out/test/classes"))).contains(dir.resolve("app/out"));
        assertThat(BuildDirectory.fromLayout(folder("app/out/production/classes"))).contains(dir.resolve("app/out"));
    }

    @Test
    void intellijAndEclipseOutputFoldersAreFoundByTheirLayout() throws IOException {
        assertThat(BuildDirectory.fromLayout(folder("proj/out/test/app"))).contains(dir.resolve("proj/out"));
        assertThat(BuildDirectory.fromLayout(folder("proj/out/production/app"))).contains(dir.resolve("proj/out"));
        assertThat(BuildDirectory.fromLayout(folder("proj/app/bin"))).contains(dir.resolve("proj/app/bin"));
        assertThat(BuildDirectory.fromLayout(folder("proj/app/bin/test"))).contains(dir.resolve("proj/app/bin"));
    }

    @Test
    void aJarInABuildFolderHasThatFolderAndOneElsewhereHasNone() throws IOException {
        Path jar = Files.createFile(folder("app/target").resolve("app-tests.jar"));
        Path loose = Files.createFile(folder("out/libs").resolve("app-tests.jar"));

        assertThat(BuildDirectory.fromLayout(jar)).contains(dir.resolve("app/target"));
        assertThat(BuildDirectory.fromLayout(loose)).isEmpty();
    }

    @Test
    void anUnknownLayoutUnderAFolderCalledOutHasNoBuildDirectory() throws IOException {
        // The walk up that used to stop at any such name took dir/out, outside the project.
        assertThat(BuildDirectory.fromLayout(folder("out/app/compiled"))).isEmpty();
        assertThat(BuildDirectory.fromLayout(folder("build/app/x/y"))).isEmpty();
    }

    @Test
    void aLayoutWhoseBuildFolderIsMissingHasNone() {
        assertThat(BuildDirectory.fromLayout(dir.resolve("gone/target/test-classes"))).isEmpty();
    }

    /**
     * A class whose code has no build layout (here the JDK's own, which has no file code source) falls back, in turn,
     * to Surefire's basedir, the working directory's Maven or Gradle build, and the temporary folder.
     */
    @Test
    void withoutABuildLayoutSurefiresBasedirWithAPomGivesItsTarget() throws IOException {
        Path module = folder("module");
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        Path working = folder("working");
        Files.writeString(working.resolve("pom.xml"), "<project/>");

        assertThat(BuildDirectory.locate(String.class, module.toString(), working)).isEqualTo(module.resolve("target"));
    }

    @Test
    void aBasedirWithoutAPomOrBlankGivesWayToTheWorkingDirectorysMavenBuild() throws IOException {
        Path noPom = folder("no-pom");
        Files.createDirectory(noPom.resolve("pom.xml"));
        Path working = folder("working");
        Files.writeString(working.resolve("pom.xml"), "<project/>");

        assertThat(BuildDirectory.locate(String.class, noPom.toString(), working)).isEqualTo(working.resolve("target"));
        // A blank basedir names no folder: not the JVM's own working directory, which has a pom.xml here.
        assertThat(BuildDirectory.locate(String.class, "", working)).isEqualTo(working.resolve("target"));
        assertThat(BuildDirectory.locate(String.class, null, working)).isEqualTo(working.resolve("target"));
    }

    @Test
    void aWorkingDirectoryWithAGradleBuildGivesItsBuildFolder() throws IOException {
        Path groovy = folder("groovy");
        Files.writeString(groovy.resolve("build.gradle"), "");
        Path kotlin = folder("kotlin");
        Files.writeString(kotlin.resolve("build.gradle.kts"), "");

        assertThat(BuildDirectory.locate(String.class, null, groovy)).isEqualTo(groovy.resolve("build"));
        assertThat(BuildDirectory.locate(String.class, null, kotlin)).isEqualTo(kotlin.resolve("build"));
    }

    @Test
    void withNoBuildAnywhereTheSnapshotsGoToTheTemporaryFolder() throws IOException {
        Path empty = folder("empty");
        // Folders of those names are no build files.
        Files.createDirectory(empty.resolve("pom.xml"));
        Files.createDirectory(empty.resolve("build.gradle"));
        Files.createDirectory(empty.resolve("build.gradle.kts"));

        assertThat(BuildDirectory.locate(String.class, empty.toString(), empty))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    }
}
