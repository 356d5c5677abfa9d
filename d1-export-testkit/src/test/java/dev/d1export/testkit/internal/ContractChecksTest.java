package dev.d1export.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TCK's shared checks on real folders: each one fails, naming what it found, when what it looks for is there;
 * not only passes on a careful provider's output.
 */
class ContractChecksTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {".out.sql.staging", "out.sql.part", "out.sql.tmp"})
    void aTemporaryFileOfEachUsualNameIsFoundAndNamed(String name) throws IOException {
        Files.writeString(dir.resolve("out.sql"), "dump");
        Path leftover = Files.writeString(dir.resolve(name), "half a dump");

        assertThatThrownBy(() -> ContractChecks.assertNoTemporaryFiles(dir)).isInstanceOf(AssertionError.class)
                .hasMessage("temporary file left behind: " + leftover);
    }

    @Test
    void aFolderWithTheDumpAloneHasNoTemporaryFile() throws IOException {
        Files.writeString(dir.resolve("out.sql"), "dump");
        Files.writeString(dir.resolve("partial.sql"), "a name with part and tmp inside is no temporary's");

        assertThatCode(() -> ContractChecks.assertNoTemporaryFiles(dir)).doesNotThrowAnyException();
    }

    @Test
    void aWrappedCauseIsFoundAndAnUnrelatedOneIsNot() {
        IllegalStateException boom = new IllegalStateException("listener refuses");

        assertThat(ContractChecks.causedBy(new RuntimeException(new RuntimeException(boom)), boom)).isTrue();
        assertThat(ContractChecks.causedBy(boom, boom)).isTrue();
        assertThat(ContractChecks.causedBy(new RuntimeException(new IllegalStateException("listener refuses")), boom))
                .isFalse();
    }
}
