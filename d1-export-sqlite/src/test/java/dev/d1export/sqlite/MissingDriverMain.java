package dev.d1export.sqlite;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.Exporter;

/**
 * Opens a sqlite exporter and prints what happened, for {@link MissingDriverTest}, which runs it in a JVM of its
 * own on a class path without the SQLite JDBC driver.
 */
public final class MissingDriverMain {

    private MissingDriverMain() {
    }

    /**
     * Opens an exporter for {@code d1:sqlite:<args[0]>}.
     *
     * @param args the database file
     */
    public static void main(String[] args) {
        try (Exporter exporter = D1Export.open("d1:sqlite:" + args[0])) {
            System.out.println("opened " + exporter.getClass().getName());
        } catch (Throwable e) {
            System.out.println("threw " + e);
        }
    }
}
