package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * This module's README repeats the project README's testkit section (headings one level up, links into the project
 * README); both are read by users, so every paragraph of the section must be in the copy, word for word, or the two
 * drift apart (as they had: a review found the copy without the recipe for parallel tests on one server).
 */
class ModuleReadmeTest {

    /** Every module of this build is a folder beside the project README (this test also runs from two of them). */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void repeatsEveryParagraphOfTheProjectReadmesTestkitSection() throws IOException {
        String project = Files.readString(ROOT.resolve("README.md"));
        String module = Files.readString(ROOT.resolve("d1-export-testkit").resolve("README.md"));
        int start = project.indexOf("## Testing your code against D1\n");
        int end = project.indexOf("\n## The `d1-export` command\n", start);
        assertThat(start).as("the testkit section").isNotNegative();
        assertThat(end).as("the section after it").isGreaterThan(start);
        String section = project.substring(start, end).lines().skip(1)
                .map(line -> line.startsWith("### ") ? line.substring(1) : line)
                .reduce("", (a, b) -> a + b + "\n").replace("](#", "](../README.md#");

        assertThat(Arrays.stream(section.split("\n\n")).map(String::strip).filter(p -> !p.isEmpty()))
                .as("paragraphs of the project README's testkit section missing from d1-export-testkit/README.md")
                .allSatisfy(paragraph -> assertThat(module).contains(paragraph));
    }
}
