package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * This module's README is its own introduction, then a copy of the project README's testkit section (headings one
 * level up, links into the project README). Both are read by users, so the copy must be the section exactly, or the
 * two drift apart (as they had: a review found the copy without the recipe for parallel tests on one server). On a
 * failure the expected copy is in {@code target/README.expected.md} of the module that ran the test.
 */
class ModuleReadmeTest {

    /** Every module of this build is a folder beside the project README (this test also runs from two of them). */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void endsWithTheProjectReadmesTestkitSectionWordForWord() throws IOException {
        String project = Files.readString(ROOT.resolve("README.md"));
        String module = Files.readString(ROOT.resolve("d1-export-testkit").resolve("README.md"));
        int start = project.indexOf("## Testing your code against D1\n");
        int end = project.indexOf("\n## The `d1-export` command\n", start);
        assertThat(start).as("the testkit section").isNotNegative();
        assertThat(end).as("the section after it").isGreaterThan(start);
        String expected = project.substring(start, end).lines().skip(1)
                .map(line -> line.startsWith("### ") ? line.substring(1) : line)
                .collect(Collectors.joining("\n")).strip().replace("](#", "](../README.md#") + "\n";
        assertThat(expected).as("the section's text").contains("FakeD1Server");

        if (!module.endsWith(expected)) {
            Path target = Path.of("target");
            Files.createDirectories(target);
            Files.writeString(target.resolve("README.expected.md"), expected);
        }
        assertThat(module).as("d1-export-testkit/README.md after its introduction: the project README's section")
                .endsWith(expected);
    }
}
