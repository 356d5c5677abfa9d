package dev.d1export.spi;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * Run in a child JVM by {@link ProviderRegistryRobustnessTest}: makes the registry report more distinct failures than
 * it remembers (which would leave a test JVM logging every later failure at WARNING each time), then prints the levels
 * at which a failure past the cap and one within it are logged when met again.
 */
public final class ReportedFailuresCapMain {

    private ReportedFailuresCapMain() {
    }

    /**
     * Fills the memory of reported failures, then prints the levels.
     *
     * @param args the folder to write services files in
     * @throws IOException if a services file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        // A thousand stack traces on the console would only bury the two lines the test reads.
        LogManager.getLogManager().reset();
        // 1000 distinct failures: ten lookups of 100 missing classes (a lookup stops after 100 load errors).
        for (int batch = 0; batch < 10; batch++) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                names.add("com.example.Missing" + (batch * 100 + i));
            }
            ProviderRegistry.load(loaderWith(dir.resolve("batch" + batch), names));
        }
        ClassLoader late = loaderWith(dir.resolve("late"), List.of("com.example.Late"));
        ClassLoader early = loaderWith(dir.resolve("early"), List.of("com.example.Missing0"));
        try (LogRecording log = new LogRecording(ProviderRegistry.class)) {
            ProviderRegistry.load(late);
            ProviderRegistry.load(late);
            ProviderRegistry.load(early);
            System.out.println("late: " + log.about("com.example.Late ").stream().map(LogRecord::getLevel).toList());
            System.out.println("early: " + log.about("com.example.Missing0 ").stream().map(LogRecord::getLevel)
                    .toList());
        }
    }

    private static ClassLoader loaderWith(Path dir, List<String> providerClassNames) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.write(services.resolve(ExportProvider.class.getName()), providerClassNames);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReportedFailuresCapMain.class.getClassLoader());
    }
}
