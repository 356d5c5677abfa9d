package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * This module's README is its own introduction and quick start, then a copy of the project README's section on the
 * command (a heading for its first part, the other headings one level up, links into the project README). Both are
 * read by users, so the copy must be the section exactly, or the two drift apart (as they had: a review found the
 * copy without the {@code --json} fields added since). On a failure the expected copy is in
 * {@code target/README.expected.md}.
 */
class ModuleReadmeTest {

    private static final Path ROOT = Path.of(System.getProperty("d1export.examples")).getParent();

    @Test
    void endsWithTheProjectReadmesCommandSectionWordForWord() throws IOException {
        String project = Files.readString(ROOT.resolve("README.md"));
        String module = Files.readString(ROOT.resolve("d1-export-cli").resolve("README.md"));
        int start = project.indexOf("## The `d1-export` command\n");
        int end = project.indexOf("\n## Errors\n", start);
        assertThat(start).as("the command's section").isNotNegative();
        assertThat(end).as("the section after it").isGreaterThan(start);
        String section = project.substring(start, end).lines().skip(1).collect(Collectors.joining("\n")).strip();
        int usage = section.indexOf("### Usage");
        assertThat(usage).as("the section's Usage part").isPositive();
        String expected = "## Installing and running\n\n" + section.substring(0, usage).strip() + "\n\n"
                + section.substring(usage).lines().map(line -> line.startsWith("### ") ? line.substring(1) : line)
                        .collect(Collectors.joining("\n")).replace("](#", "](../README.md#") + "\n";

        if (!module.endsWith(expected)) {
            Files.writeString(ROOT.resolve("d1-export-cli").resolve("target").resolve("README.expected.md"), expected);
        }
        assertThat(module).as("d1-export-cli/README.md after its quick start: the project README's section")
                .endsWith(expected);
        assertThat(module.substring(0, module.length() - expected.length())).contains("## Quick start");
    }
}
