package dev.d1export.sqlite;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Exports {@code d1:sqlite:<args[0]>} to {@code args[1]} and interrupts the exporting thread once, as soon as the
 * file {@code args[2]} appears (the test's stand-in for {@code uname}, which the driver runs while it loads its
 * native library, makes it), then prints what happened and the thread's interrupt status, for
 * {@link InterruptedFirstExportTest}, which runs it in a JVM of its own: the JVM's first SQLite connection is the one
 * that loads the native library.
 */
public final class InterruptedNativeLoadMain {

    private static volatile boolean finished;

    private InterruptedNativeLoadMain() {
    }

    /**
     * Runs one export, interrupted while the native library loads.
     *
     * @param args the database file, the dump file and the file whose appearance sets off the interrupt
     * @throws InterruptedException if the watching thread cannot be joined
     */
    public static void main(String[] args) throws InterruptedException {
        Thread exporting = Thread.currentThread();
        Path signal = Path.of(args[2]);
        Thread watcher = new Thread(() -> {
            while (!finished) {
                if (Files.exists(signal)) {
                    exporting.interrupt();
                    return;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "interrupter");
        watcher.setDaemon(true);
        watcher.start();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + args[0])) {
            exporter.export(ExportRequest.builder().destination(Path.of(args[1])).build());
            System.out.println("exported");
        } catch (Throwable e) {
            System.out.println("threw " + e);
        }
        // Read (and cleared, for the join) before anything else can clear it.
        boolean interrupted = Thread.interrupted();
        finished = true;
        watcher.join();
        System.out.println("interrupted=" + interrupted);
        System.out.println("signalled=" + Files.exists(signal));
    }
}
