package dev.d1export.spi.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Why the folder an output file would go in is not there to take it, naming the folder a user can act on rather than
 * the path as written: {@code ./sub/../x.sql} with {@code sub} missing is "folder /work/sub does not exist", not
 * "folder /work/./sub/.. does not exist" (which names nothing one could create, and read as text is {@code /work},
 * which exists). The message that uses it starts with the path as written, so nothing the user typed is hidden.
 */
public final class MissingFolder {

    private MissingFolder() {
    }

    /**
     * Says what stops the path at its first name that is not a folder, walked as the system walks it: a file there
     * ("{@code /work/backups is not a folder}"), a symbolic link that leads nowhere, or a missing folder. A missing
     * folder is named whole ({@code mkdir -p} makes it) without its {@code .} names, or, when a {@code ..} follows it
     * (whose meaning needs the folder to exist first), only as far as the first missing name. The folders found are
     * named as written, {@code .} names left out, or, when a {@code ..} is among them, by their real path, as only the
     * file system knows where a {@code ..} after a link leads.
     *
     * @param folder the folder, absolute or relative to the working folder, that is not a directory
     * @return the reason, in words, to follow "Cannot write &lt;path&gt;: "
     */
    public static String describe(Path folder) {
        Path absolute = folder.toAbsolutePath();
        Path reached = absolute.getRoot();
        int count = absolute.getNameCount();
        int next = 0;
        while (next < count && Files.isDirectory(reached.resolve(absolute.getName(next)))) {
            reached = reached.resolve(absolute.getName(next));
            next++;
        }
        if (next == count) {
            // A folder after all (made meanwhile): said of the path as it came.
            return "folder " + folder + " does not exist";
        }
        // Not "." nor "..": those of a folder that is there are folders too.
        Path blocking = shown(reached).resolve(absolute.getName(next).toString());
        if (Files.isSymbolicLink(blocking) && !Files.exists(blocking)) {
            // The user who looks finds the name there (an unmounted disk, a moved folder): "does not exist" alone
            // would puzzle them. A link that leads back to itself is there too, only not to be followed.
            String unfollowable = unfollowable(blocking);
            return unfollowable != null ? blocking + " is a symbolic link that cannot be followed: " + unfollowable
                    : blocking + " is a symbolic link to " + linkText(blocking) + ", which does not exist";
        }
        if (Files.exists(blocking)) {
            return blocking + " is not a folder";
        }
        Path missing = blocking;
        for (int i = next + 1; i < count; i++) {
            String name = absolute.getName(i).toString();
            if (name.equals("..")) {
                return "folder " + blocking + " does not exist";
            }
            if (!name.equals(".")) {
                missing = missing.resolve(name);
            }
        }
        return "folder " + missing + " does not exist";
    }

    /** A folder that exists, as a user would write it: without {@code .} names, and real where a {@code ..} is. */
    private static Path shown(Path folder) {
        Path kept = folder.getRoot();
        for (Path name : folder) {
            if (name.toString().equals("..")) {
                try {
                    return folder.toRealPath();
                } catch (IOException e) {
                    // Gone meanwhile: the path as it came still names it.
                    return folder;
                }
            }
            if (!name.toString().equals(".")) {
                kept = kept.resolve(name.toString());
            }
        }
        return kept;
    }

    /** Why a link cannot be followed other than by leading nowhere (a loop), in the system's words; else null. */
    private static String unfollowable(Path link) {
        try {
            link.toRealPath();
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        } catch (IOException e) {
            return String.valueOf(e.getMessage());
        }
    }

    private static String linkText(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a missing file";
        }
    }
}
