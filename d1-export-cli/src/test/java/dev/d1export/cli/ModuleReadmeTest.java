package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * This module's README repeats the project README's section on the command (headings one level up, links into the
 * project README); both are read by users, so every paragraph of the section must be in the copy, word for word,
 * or the two drift apart (as they had: a review found the copy without the {@code --json} fields added since).
 */
class ModuleReadmeTest {

    private static final Path ROOT = Path.of(System.getProperty("d1export.examples")).getParent();

    @Test
    void repeatsEveryParagraphOfTheProjectReadmesCommandSection() throws IOException {
        String project = Files.readString(ROOT.resolve("README.md"));
        String module = Files.readString(ROOT.resolve("d1-export-cli").resolve("README.md"));
        int start = project.indexOf("## The `d1-export` command\n");
        int end = project.indexOf("\n## Errors\n", start);
        assertThat(start).as("the command's section").isNotNegative();
        assertThat(end).as("the section after it").isGreaterThan(start);
        String section = project.substring(start, end).lines().skip(1)
                .map(line -> line.startsWith("### ") ? line.substring(1) : line)
                .reduce("", (a, b) -> a + b + "\n").replace("](#", "](../README.md#");

        assertThat(Arrays.stream(section.split("\n\n")).map(String::strip).filter(p -> !p.isEmpty()))
                .as("paragraphs of the project README's command section missing from d1-export-cli/README.md")
                .allSatisfy(paragraph -> assertThat(module).contains(paragraph));
    }
}
