package dev.d1export.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportListener;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.testkit.ContractDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Assertions shared by the tests of {@link dev.d1export.testkit.ExportProviderContract}. */
public final class ContractChecks {

    /** Why a previous file must be kept, and how: the message of every check that it was. */
    public static final String PREVIOUS_FILE_UNTOUCHED = "the previous file is untouched (write the dump through"
            + " StagedOutput, which moves it into place only when it is complete)";


    /** How long the contract waits for something that should happen at once before it fails. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private ContractChecks() {
    }

    /**
     * Checks a dump against the contract database's, in either {@code INSERT} form.
     *
     * @param db       the database
     * @param tables   the filter
     * @param noData   without rows
     * @param noSchema without schema
     * @param actual   the dump
     */
    public static void assertDump(ContractDatabase db, List<String> tables, boolean noData, boolean noSchema,
            String actual) {
        String withColumns = db.dump(tables, noData, noSchema, true);
        String withoutColumns = db.dump(tables, noData, noSchema, false);
        if (!actual.equals(withColumns) && !actual.equals(withoutColumns)) {
            assertEquals(withColumns, actual, "dump of tables=" + tables + " noData=" + noData + " noSchema="
                    + noSchema + " (the INSERTs may also be written without the column list)");
        }
    }

    /**
     * Exports to memory.
     *
     * @param options the provider's options
     * @param request the request, without a destination
     * @return the dump as text
     */
    public static String exportToString(ExportOptions options, ExportRequest.Builder request) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (Exporter exporter = D1Export.open(options)) {
            exporter.export(request.destination(sink).build());
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    /**
     * Whether an exception is, or was caused by, another.
     *
     * @param thrown the exception
     * @param cause  the one to look for
     * @return {@code true} if it is in the cause chain
     */
    public static boolean causedBy(Throwable thrown, Throwable cause) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t == cause) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks that a folder holds the given entries and nothing else.
     *
     * @param dir      the folder
     * @param expected the files and folders allowed in it
     */
    public static void assertOnly(Path dir, Path... expected) {
        assertOnly("", dir, expected);
    }

    /**
     * Checks that a folder holds the given entries and nothing else, after what {@code after} names.
     *
     * @param after    the call that left the folder so, for the message (such as {@code exportAsync(request)}), or
     *                 empty
     * @param dir      the folder
     * @param expected the files and folders allowed in it
     */
    public static void assertOnly(String after, Path dir, Path... expected) {
        List<Path> allowed = new ArrayList<>();
        for (Path p : expected) {
            allowed.add(p.toAbsolutePath());
        }
        for (Path p : list(dir)) {
            if (!allowed.contains(p.toAbsolutePath())) {
                fail((after.isEmpty() ? "" : after + ": ") + "unexpected file left behind: " + p + " (expected only "
                        + allowed + ")");
            }
        }
    }

    /**
     * Checks that a folder holds no temporary file (hidden, {@code .part} or {@code .tmp}).
     *
     * @param dir the folder
     */
    public static void assertNoTemporaryFiles(Path dir) {
        for (Path p : list(dir)) {
            if (isTemporary(p)) {
                fail("temporary file left behind: " + p);
            }
        }
    }

    /**
     * A file's text (UTF-8).
     *
     * @param file the file
     * @return its text
     */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A caller's stream for a stream destination, which records what the export did to it: whether it was closed,
     * and how many bytes it held when it was last flushed (a buffered stream of the caller's would hold any byte
     * written after that).
     */
    public static final class Sink extends ByteArrayOutputStream {
        private volatile boolean closed;
        private volatile int flushedSize = -1;

        /** Creates an empty sink. */
        public Sink() {
        }

        @Override
        public synchronized void flush() {
            flushedSize = size();
        }

        @Override
        public void close() {
            closed = true;
        }

        /**
         * Whether {@link #close()} was called.
         *
         * @return {@code true} once closed
         */
        public boolean closed() {
            return closed;
        }

        /**
         * How many bytes the sink held when it was last flushed.
         *
         * @return the size at the last flush, or {@code -1} if it never was
         */
        public int flushedSize() {
            return flushedSize;
        }
    }

    /**
     * Waits until a holding listener has seen {@code Started}, failing at once with the reason when the export ended
     * first, and after {@link #PATIENCE} when it sent none.
     *
     * @param started counted down by the listener at {@code Started}
     * @param ended   whether the export has ended
     * @param why     what the contract holds the export for, for the message ({@code " to cancel it"}), or empty
     * @throws InterruptedException if the test is interrupted
     */
    public static void awaitStarted(CountDownLatch started, BooleanSupplier ended, String why)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!started.await(10, TimeUnit.MILLISECONDS)) {
            if (ended.getAsBoolean()) {
                fail("the export ended without sending ExportEvent.Started, where this contract holds it" + why
                        + " (a provider sends Started first, before any work)");
            }
            if (System.nanoTime() - deadline > 0) {
                fail("the export sent no ExportEvent.Started within " + PATIENCE.toSeconds() + " s");
            }
        }
    }

    /**
     * A listener that throws {@code failure} at each event of one type and takes every other event quietly.
     *
     * @param type    the event to throw at, such as {@code ExportEvent.Started.class}
     * @param failure what to throw: a {@link RuntimeException} or an {@link Error}
     * @return the listener
     */
    public static ExportListener throwingAt(Class<? extends ExportEvent> type, Throwable failure) {
        if (!(failure instanceof RuntimeException || failure instanceof Error)) {
            throw new IllegalArgumentException("a listener can throw only unchecked exceptions: " + failure);
        }
        return event -> {
            if (type.isInstance(event)) {
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure;
            }
        };
    }

    private static boolean isTemporary(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp");
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
