package dev.d1export.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A database's time-travel bookmarks: a new bookmark whenever the SQLite file (or its write-ahead log) changes, in
 * D1's form ({@code 00000001-00000000-00000000-<32 hex>}), sorting oldest to newest. Thread-safe.
 */
public final class BookmarkClock {

    private final Path file;
    private byte[] lastDigest;
    private long version;
    private String bookmark;

    /**
     * Creates a clock for a file.
     *
     * @param file the SQLite file
     */
    public BookmarkClock(Path file) {
        this.file = file;
    }

    /**
     * The bookmark of the database as it is now.
     *
     * @return the bookmark
     * @throws UncheckedIOException if the file cannot be read
     */
    public synchronized String current() {
        byte[] digest = digest();
        if (lastDigest == null || !Arrays.equals(digest, lastDigest)) {
            lastDigest = digest;
            version++;
            bookmark = String.format("%08x-%08x-%08x-%s", version, 0, 0,
                    HexFormat.of().formatHex(digest, 0, 16));
        }
        return bookmark;
    }

    private byte[] digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, file);
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            if (Files.exists(wal)) {
                update(sha, wal);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void update(MessageDigest sha, Path path) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
    }
}
