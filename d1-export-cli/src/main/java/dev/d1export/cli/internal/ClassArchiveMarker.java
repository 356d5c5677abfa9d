package dev.d1export.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells the launcher script that this run completed an export. The launcher has the JVM write a class-data archive of
 * the classes a run loaded as it exits, and installs it for later runs only when this mark is beside it: a run that
 * showed {@code export --help} or failed early loaded a fraction of an export's classes, and an archive of those
 * would be mapped by every later run, which would then start up hardly faster than without one.
 */
final class ClassArchiveMarker {

    /** The system property by which the launcher names the mark's file; unset in any other JVM. */
    static final String PROPERTY = "d1export.archive.complete";

    private ClassArchiveMarker() {
    }

    /** Creates the mark the launcher asked for, if it asked. A mark that cannot be made costs only the archive. */
    static void exportCompleted() {
        String mark = System.getProperty(PROPERTY);
        if (mark == null || mark.isEmpty()) {
            return;
        }
        try {
            Files.write(Path.of(mark), new byte[0]);
        } catch (IOException | RuntimeException e) {
            // The launcher then drops this run's archive and lets a later export write one: nothing for the user.
        }
    }
}
