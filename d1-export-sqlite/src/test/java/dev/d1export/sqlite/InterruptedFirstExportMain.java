package dev.d1export.sqlite;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.file.Path;

/**
 * Exports {@code d1:sqlite:<args[0]>} to {@code args[1]} on a thread interrupted before it starts, and prints what
 * happened, for {@link InterruptedFirstExportTest}, which runs it in a JVM of its own: the JVM's first SQLite
 * connection is the one that loads the driver's native library.
 */
public final class InterruptedFirstExportMain {

    private InterruptedFirstExportMain() {
    }

    /**
     * Runs one export on an interrupted thread.
     *
     * @param args the database file and the dump file
     */
    public static void main(String[] args) {
        Thread.currentThread().interrupt();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + args[0])) {
            exporter.export(ExportRequest.builder().destination(Path.of(args[1])).build());
            System.out.println("exported");
        } catch (Throwable e) {
            System.out.println("threw " + e);
        }
    }
}
