package dev.d1export.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The two read-only refusals of {@link StagedOutput}, for a process that may not write a read-only file: opening an
 * output over one, and committing over a file made read-only just before the move. Prints one line for each, the
 * refusal's message or what happened instead. Run by {@link ReadOnlyDestinationWithoutOverrideTest} in a child JVM
 * that is root without the capabilities that let root ignore a file's mode.
 */
public final class ReadOnlyRefusalMain {

    private ReadOnlyRefusalMain() {
    }

    /**
     * Runs both cases.
     *
     * @param args the read-only file to open over, and the writable file to make read-only before the move
     * @throws IOException if writing the dump fails
     */
    public static void main(String[] args) throws IOException {
        System.out.println("open: " + outcome(() -> StagedOutput.open(ExportDestination.file(Path.of(args[0])),
                "x.sql").close()));
        Path later = Path.of(args[1]);
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(later), "x.sql")) {
            out.stream().write("new dump".getBytes(StandardCharsets.UTF_8));
            out.beforeMove(() -> {
                try {
                    Files.setPosixFilePermissions(later, PosixFilePermissions.fromString("r--r--r--"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            System.out.println("commit: " + outcome(out::commit));
        }
    }

    private static String outcome(Runnable call) {
        try {
            call.run();
            return "not refused";
        } catch (DestinationException e) {
            return e.getMessage();
        }
    }
}
