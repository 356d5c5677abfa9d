package dev.d1export.sqlite.internal;

import dev.d1export.spi.DestinationException;
import dev.d1export.spi.ErrorDetails;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refuses a dump destination that is the database being exported or one of its side files: the dump would replace
 * the database (or its WAL, SHM or rollback journal, losing or corrupting committed data) with SQL text.
 */
final class SelfOverwriteGuard {

    /** The database's own name suffix (none) and those of the files SQLite keeps beside it, with what they are. */
    private static final Map<String, String> FILES = orderedFiles();

    private SelfOverwriteGuard() {
    }

    /**
     * Checks a target before anything is written to it.
     *
     * @param database      the database file being exported (it exists)
     * @param shownDatabase the database's path as messages show it
     * @param target        the file the dump would be moved to
     * @throws DestinationException if the target is the database or one of its side files, by any name (another
     *                              spelling, a symbolic or hard link, or a side file's name that is a symbolic link
     *                              leading to the target)
     */
    static void check(Path database, String shownDatabase, Path target) {
        Path realDatabase;
        Path realTarget;
        try {
            realDatabase = database.toRealPath();
            // The target need not exist yet; its folder must (StagedOutput reports a missing one).
            Path folder = target.toAbsolutePath().getParent();
            realTarget = folder == null ? null : folder.toRealPath().resolve(target.getFileName().toString());
        } catch (IOException e) {
            // Nothing to compare: the database or the target's folder cannot be reached, which reading or writing
            // reports with its own error.
            return;
        }
        if (realTarget == null) {
            return;
        }
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Path protectedFile = realDatabase.resolveSibling(realDatabase.getFileName() + file.getKey());
            if (realTarget.equals(protectedFile) || sameExistingFile(target, protectedFile)
                    || realTarget.equals(danglingLinkEnd(protectedFile))) {
                throw new DestinationException("Refusing to write the dump to " + target + ": it is " + file.getValue()
                        + " being exported (" + shownDatabase + "); choose another destination", null,
                        ErrorDetails.none().withHint("write the dump to another file: this one is the database being"
                                + " exported or one of its journal files"));
            }
        }
    }

    /** Same file by identity (a hard or symbolic link, a case-insensitive name), where both exist. */
    private static boolean sameExistingFile(Path target, Path protectedFile) {
        if (!Files.exists(target) || !Files.exists(protectedFile, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return Files.isSameFile(target, protectedFile);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Where a side-file name that is a symbolic link to nothing yet would lead: writing the dump there creates the
     * side file (SQLite follows the link and takes the SQL text for a journal or a WAL, and then cannot open the
     * database at all). {@code null} when the name is no link, its file exists ({@link #sameExistingFile} compares
     * that), or its end cannot be reached.
     */
    private static Path danglingLinkEnd(Path protectedFile) {
        if (!Files.isSymbolicLink(protectedFile) || Files.exists(protectedFile)) {
            return null;
        }
        Path end = protectedFile;
        try {
            // A chain of links as the file system would follow it, each hop from its link's real folder; the bound
            // is Linux's own (ELOOP after 40).
            for (int links = 0; Files.isSymbolicLink(end); links++) {
                if (links == 40) {
                    return null;
                }
                end = end.getParent().toRealPath().resolve(Files.readSymbolicLink(end));
            }
            Path folder = end.getParent();
            return folder == null || end.getFileName() == null ? null
                    : folder.toRealPath().resolve(end.getFileName().toString());
        } catch (IOException e) {
            // Its folder is missing or unreadable: the dump cannot be written there either.
            return null;
        }
    }

    private static Map<String, String> orderedFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("", "the database");
        files.put("-wal", "the write-ahead log (-wal) of the database");
        files.put("-shm", "the shared-memory index (-shm) of the database");
        files.put("-journal", "the rollback journal (-journal) of the database");
        return files;
    }
}
