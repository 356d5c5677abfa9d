package dev.d1export.spi;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.Optional;
import dev.d1export.spi.internal.BackgroundSync;
import dev.d1export.spi.internal.InterruptibleTask;
import dev.d1export.spi.internal.MissingFolder;

/**
 * The one way providers write a dump: into a temporary file beside the destination, moved into place atomically by
 * {@link #commit()} when the dump is complete. {@link #close()} without a commit deletes the temporary file, so a
 * failed, cancelled or interrupted export leaves nothing behind and a previous file untouched.
 *
 * <pre>{@code
 * try (StagedOutput out = StagedOutput.open(request.destination(), "users.sql")) {
 *     writeDump(out.stream());
 *     Path path = out.commit().orElse(null);
 * }
 * }</pre>
 *
 * <p>For a stream destination the bytes go straight to the caller's stream (there is nothing to stage) and
 * {@code commit} only flushes it. A large file is synced to disk in the background while it is written (every
 * 64 MiB), so the sync at {@code commit} is short and a failure of any of those syncs fails the commit; a destination
 * {@linkplain ExportDestination#withoutSync() without sync} is only moved into place. A temporary file that will
 * replace a file gets that file's POSIX permissions (and owner and group where the process may set them) when it is
 * created, so a dump is never readable by more users than the file it replaces. A file this process may not write
 * (made read-only, or another user's) is not replaced, although a rename would: {@code cp} and a shell's {@code >}
 * would refuse it too, and a read-only file says "do not overwrite this". It is refused when the output is opened
 * (and by {@link #checkWritable(ExportDestination)}) and again just before the move, as its mode may change while the
 * dump is written. Root (any process allowed to override file permissions) may write every file, and so replaces a
 * read-only one as {@code cp} run by root would. Not thread-safe: one export writes one output.
 */
public final class StagedOutput implements Closeable {

    private static final int BUFFER = 1 << 16;
    private static final String DEFAULT_NAME = "d1-export.sql";
    /** How much of the target's name the temporary name keeps, in UTF-8 bytes. */
    private static final int TEMP_PREFIX_BYTES = 100;

    private final Path target;
    /** The destination it was opened for: an exportAsync task counts only the commit of its own request's. */
    private ExportDestination destination;
    private final Path temp;
    private final CountingStream stream;
    private final WritableByteChannel sink;
    private final BackgroundSync backgroundSync;
    private boolean syncedOnCommit;
    private final CountingChannel channel = new CountingChannel();
    private boolean committed;
    private boolean closed;
    private Runnable beforeMove = () -> { };

    private StagedOutput(Path target, Path temp, OutputStream raw, WritableByteChannel sink,
            BackgroundSync backgroundSync) {
        this.target = target;
        this.temp = temp;
        this.backgroundSync = backgroundSync;
        this.stream = new CountingStream(raw, backgroundSync);
        this.sink = sink;
    }

    /**
     * Opens an output for a destination.
     *
     * @param destination       where the dump goes: the request's own {@link ExportRequest#destination()} object, so
     *                          that a cancel of {@link Exporter#exportAsync(ExportRequest) exportAsync} knows this
     *                          commit puts the request's dump in place
     * @param suggestedFilename the dump's name, used when the destination is an existing directory or a
     *                          {@linkplain ExportDestination#folder(Path) folder destination}; sanitised, so a name
     *                          from a server cannot leave the directory
     * @return the open output
     * @throws DestinationException if the destination's folder is missing or not writable (for a folder destination,
     *                              the folder itself), or the file it would replace is one this process may not write
     */
    public static StagedOutput open(ExportDestination destination, String suggestedFilename) {
        return open(destination, suggestedFilename, BackgroundSync.DEFAULT_STEP);
    }

    /** {@link #open(ExportDestination, String)} with another background sync step, for tests. */
    static StagedOutput open(ExportDestination destination, String suggestedFilename, long syncStep) {
        return open(destination, suggestedFilename, syncStep, file -> () -> file.force(false));
    }

    /** {@link #open(ExportDestination, String)} with another step and background sync, for tests. */
    static StagedOutput open(ExportDestination destination, String suggestedFilename, long syncStep,
            java.util.function.Function<FileChannel, BackgroundSync.Syncer> syncer) {
        if (destination.stream().isPresent()) {
            OutputStream callers = new NonClosingStream(destination.stream().get());
            return new StagedOutput(null, null, callers, Channels.newChannel(callers), null);
        }
        Path target = targetOf(destination, suggestedFilename).orElseThrow();
        Path absolute = replaceable(target);
        Path folder = absolute.getParent();
        Path temp = folder.resolve(temporaryName(absolute.getFileName().toString()));
        FileChannel file = null;
        try {
            PosixFileAttributes replaced = posixAttributesOf(absolute);
            if (replaced == null) {
                // A new file: the process's default permissions (not createTempFile's owner-only ones), so the dump
                // gets the permissions any other new file there would.
                file = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } else {
                // Replacing a file: never more open than it, not even while the dump is written.
                file = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(replaced.permissions()));
                keepAttributes(replaced, temp);
            }
            StagedOutput out = new StagedOutput(absolute, temp, new BufferedOutputStream(
                    Channels.newOutputStream(file), BUFFER), file,
                    destination.synced() ? new BackgroundSync(syncer.apply(file), syncStep) : null);
            out.destination = destination;
            return out;
        } catch (IOException e) {
            if (file != null) {
                discard(file, temp);
            }
            throw new DestinationException("Cannot write " + target + ": " + describe(e), e);
        }
    }

    /**
     * Checks, before any work is done, that a dump could be written to this destination: for a path, that its folder
     * exists and accepts a new file (an empty temporary file is created there and deleted at once, since permissions
     * or a read-only mount are only known for sure by trying; a full disk shows only when the dump is written), that
     * the file system takes its name (not one longer than it allows), and that the path is not a directory, device,
     * pipe or socket the dump would replace, nor a file this process may not write (a read-only file; a folder
     * destination's file is checked when its name is known, by {@link #open(ExportDestination, String)}); for a
     * {@linkplain ExportDestination#folder(Path) folder destination}, first that the folder is there and is a folder.
     * A symbolic link is followed to its file, as {@link #open(ExportDestination, String)} follows it. A provider whose
     * export costs the server work calls it first, so that a destination that cannot be written fails before the
     * server starts. A stream destination passes.
     *
     * @param destination where the dump will go
     * @throws DestinationException naming the path and the reason, if it cannot be written
     */
    public static void checkWritable(ExportDestination destination) {
        Path requested = destination.path().orElse(null);
        if (requested == null) {
            return;
        }
        if (destination.isFolder()) {
            requireFolder(destination);
        }
        // A folder gets the dump under a name not known yet: the probe stands for it under the default one. A folder
        // destination's probe stays inside it even if it went since: never a file of its name.
        Path file = Files.isDirectory(requested) || destination.isFolder()
                ? requested.toAbsolutePath().resolve(DEFAULT_NAME)
                : replaceable(requested);
        Path probe = file.resolveSibling(temporaryName(file.getFileName().toString()));
        try {
            Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
            throw new DestinationException("Cannot write " + shown(destination) + ": " + describe(e), e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // Left behind only if the folder took a file but refuses to delete it; the name marks it as ours.
            }
        }
    }

    /**
     * Refuses a {@linkplain ExportDestination#folder(Path) folder destination} whose folder is not a directory (links
     * followed), naming the folder to create as a file destination's missing folder is named: a file of the folder's
     * name is never written in its place.
     */
    private static void requireFolder(ExportDestination destination) {
        Path folder = destination.path().orElseThrow();
        if (!Files.isDirectory(folder)) {
            // A file there is no folder to create: the way out is another folder, or that file as the destination.
            String hint = Files.exists(folder)
                    ? "the dump goes inside a folder, and this is a file: name a folder, or give the file as a file"
                            + " destination to replace it"
                    : "the dump goes inside the folder: create it first, or name the dump's file with a file"
                            + " destination";
            throw new DestinationException("Cannot write " + shown(destination) + ": " + MissingFolder.describe(folder),
                    null, ErrorDetails.none().withHint(hint));
        }
    }

    /**
     * The destination's path as given, for a message; a folder destination's with a separator at its end, as a folder
     * is written ({@code backups/}), so that the message does not read as a file of that name.
     */
    private static String shown(ExportDestination destination) {
        Path path = destination.path().orElseThrow();
        if (!destination.isFolder()) {
            return path.toString();
        }
        String text = path.toString();
        String separator = path.getFileSystem().getSeparator();
        return text.isEmpty() ? "." + separator : text.endsWith(separator) ? text : text + separator;
    }

    /**
     * The file a dump for this path replaces, absolute: the path itself, or, for a symbolic link, the file it leads
     * to (so a link such as {@code latest.sql -> backups/monday.sql} stays a link and its file gets the dump).
     *
     * @throws DestinationException if the folder is missing, or the path is a directory, a device, a pipe or a
     *                              socket: moving a file over one of those would replace it (as root, even
     *                              {@code /dev/null}), where the caller meant to write into it; or the file is
     *                              one this process may not write, or a name the file system does not take
     */
    private static Path replaceable(Path target) {
        // Without "." names, which change nothing: the result's path is then the one a user would write
        // (-o ./backup.sql is /work/backup.sql, as -o . gives /work/app.sql).
        Path absolute = withoutDotNames(target.toAbsolutePath());
        if (Files.exists(absolute) && !Files.isRegularFile(absolute) && !Files.isDirectory(absolute)) {
            // Asked of what the path leads to, links and all: /dev/stdout is a link to a pipe.
            throw new DestinationException("Cannot write " + target + ": it is not a regular file but a device, a"
                    + " pipe or a socket, which the dump, written beside it and moved into place, would replace", null,
                    ErrorDetails.none().withHint("write to a stream destination instead (with the command: -o - > "
                            + target + ")"));
        }
        int links = 0;
        for (; Files.isSymbolicLink(absolute); links++) {
            if (links == 40) {
                throw new DestinationException("Cannot write " + target + ": too many levels of symbolic links");
            }
            if (isOpenFileLink(absolute)) {
                // /dev/stdout, /dev/fd/N: a process's open file, not a name. Its link text names the file as it was
                // opened (or "... (deleted)"), and replacing that file would not write into what the process holds.
                // The advice is the hint, not part of the message: without one the command adds its own for the
                // family, "check that the folder of -o exists", which would contradict it.
                throw new DestinationException("Cannot write " + target + ": it is a process's open file (" + absolute
                        + "), which the dump, written beside it and moved into place, would not reach", null,
                        ErrorDetails.none().withHint("write to a stream destination instead (with the command: -o -)"));
            }
            try {
                // Each hop from its link's real folder: "..", and the link's folder being a link itself, are the
                // file system's to resolve, not the path's text (Windows would collapse "dir\.." as text).
                absolute = absolute.getParent().toRealPath().resolve(Files.readSymbolicLink(absolute));
            } catch (IOException e) {
                throw new DestinationException("Cannot write " + target + ": " + describe(e), e);
            }
        }
        if (links > 0 && absolute.getParent() != null && absolute.getFileName() != null) {
            // The link's file in its real folder: the temporary file and the move then name the same folder, one
            // without "..", links or a relative part that another reading could take elsewhere.
            try {
                absolute = absolute.getParent().toRealPath().resolve(absolute.getFileName().toString());
            } catch (IOException e) {
                throw new DestinationException("Cannot write " + target + ": "
                        + (Files.isDirectory(absolute.getParent()) ? "folder " + absolute.getParent() + ": "
                                + describe(e) : MissingFolder.describe(absolute.getParent())), e);
            }
        }
        if (links == 0 && absolute.getParent() != null && Files.isDirectory(absolute.getParent())
                && containsDotDot(absolute.getParent())) {
            // A ".." is the file system's to resolve (after a link it leads elsewhere than the text says): the
            // folder by its real path, as for a link's file above, so that no ".." is left in the result's path.
            try {
                absolute = absolute.getParent().toRealPath().resolve(absolute.getFileName().toString());
            } catch (IOException e) {
                // Gone meanwhile: the check below says so.
            }
        }
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            // A name that is there but is a file (or a device) is no missing folder: saying so would send the user
            // looking for the wrong mistake.
            throw new DestinationException("Cannot write " + target + ": " + (folder == null
                    ? "folder " + folder + " does not exist" : MissingFolder.describe(folder)));
        }
        if (Files.isDirectory(absolute)) {
            throw new DestinationException("Cannot write " + target + ": it is a directory");
        }
        refuseUnnamable(target, absolute);
        // A device, pipe or socket was refused above, asked of what the path leads to: the same file as here.
        // Asked of the file a link leads to: the move replaces that file, and a link has no mode of its own.
        refuseReadOnly(target, absolute, (links > 0 ? "the file it leads to, " + absolute + ", is" : "it is")
                + " read-only (this user may not write it), and the dump would replace it");
        return absolute;
    }

    /**
     * Refuses a name the file system would not take (longer than its 255 bytes, say), found only by the final move
     * otherwise: the temporary file beside it and {@link #checkWritable}'s probe have short names, so a remote export
     * would run to its end first. Asked by looking the name up, which fails with the system's reason before it would
     * say "no such file"; a name that is there, or merely missing, passes.
     */
    private static void refuseUnnamable(Path requested, Path file) {
        try {
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
            // A new file: the usual case. A folder this user may not search is the probe's (or open's) to report,
            // with the family's hint about the folder, not this one about the name.
        } catch (IOException e) {
            throw new DestinationException("Cannot write " + requested + ": " + describe(e), e, tooLong(file, e));
        }
    }

    /** The system's reason for ENAMETOOLONG (Linux, macOS), where its messages are in English. */
    private static final String TOO_LONG = "File name too long";

    /**
     * The hint for a name the lookup refused, when it is known to be too long; none otherwise (the command's usual one
     * for the family then applies, and another failure is not sent looking for a shorter name). A name over 255 bytes
     * is, whatever the system says. Below that the system's reason tells: its name too long for this file system
     * (some take fewer bytes), or, once the path reaches 1024 bytes (macOS's limit; Linux takes 4096), the whole
     * path too long for the system, where a shorter name of this length would not help.
     */
    private static ErrorDetails tooLong(Path file, IOException e) {
        Path name = file.getFileName();
        boolean nameOverLimit = name != null && bytes(name.toString()) > 255;
        boolean saysTooLong = e instanceof java.nio.file.FileSystemException fs && TOO_LONG.equals(fs.getReason());
        if (nameOverLimit || saysTooLong && bytes(file.toString()) < 1024) {
            // Its own hint: the command's usual one for the family ("check that the folder of -o exists ...") does
            // not help here, where the folder is fine.
            return ErrorDetails.none().withHint("the file system does not take this name: choose a shorter one (most"
                    + " take names of at most 255 bytes)");
        }
        if (saysTooLong) {
            return ErrorDetails.none().withHint("the system does not take a path this long: write the dump to a"
                    + " folder with a shorter path, or under a shorter name (Linux takes paths of at most 4096 bytes,"
                    + " macOS 1024)");
        }
        return ErrorDetails.none();
    }

    private static int bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * Refuses to replace an existing regular file this process may not write. A rename over it needs only the
     * folder's permission, so without this a read-only file would be replaced silently where {@code cp} fails with
     * "permission denied". Asked with access(2) ({@link Files#isWritable(Path)}): root passes, as it does for
     * {@code cp}.
     *
     * @param requested the destination as given, for the message
     * @param file      the file the move would replace, links followed
     * @param reason    the message's reason, after the destination
     */
    private static void refuseReadOnly(Path requested, Path file, String reason) {
        // On a read-only file system access(2) says no for every file, root's too; the file's mode is not the
        // reason then, and creating the temporary file next to it fails with the system's own words.
        if (Files.isRegularFile(file) && !Files.isWritable(file) && !onReadOnlyStore(file)) {
            String user = System.getProperty("user.name");
            String owner = otherOwner(file, user);
            // Only the owner may change a file's mode, and u+w grants the owner, not this user: for another user's
            // file the chmod hint would fail where it is run and help nobody.
            String hint = owner == null
                    ? "make it writable if the dump is to replace it (chmod u+w " + file + "), or write the dump"
                    + " under another name"
                    : "it belongs to " + owner + ", not to this user (" + user + "): have " + owner + " let this user"
                    + " write it if the dump is to replace it, or write the dump under another name";
            throw new DestinationException("Cannot write " + requested + ": " + reason, null,
                    ErrorDetails.none().withHint(hint));
        }
    }

    /**
     * The name of the file's owner when it is known to be another user than {@code user}, else {@code null}: also
     * when either name is unknown (a user id without a name gives {@code "?"} as {@code user.name}, and the owner's
     * id as its name) or the file system has no POSIX owner, where the hint for one's own file is kept.
     */
    private static String otherOwner(Path file, String user) {
        if (user == null || user.isEmpty() || user.equals("?")
                || Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
            return null;
        }
        try {
            String owner = Files.readAttributes(file, PosixFileAttributes.class).owner().getName();
            return owner.equals(user) ? null : owner;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean onReadOnlyStore(Path file) {
        try {
            return Files.getFileStore(file).isReadOnly();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A descriptor link of Linux ({@code /proc/<pid>/fd/<n>}, {@code /proc/<pid>/task/<tid>/fd/<n>},
     * {@code /dev/fd/<n>}), which stands for a file a process holds open; not a path below one (a folder held open).
     */
    private static boolean isOpenFileLink(Path path) {
        if (path.getRoot() == null || !path.getRoot().toString().equals("/")) {
            return false;
        }
        int n = path.getNameCount();
        String first = n == 0 ? "" : path.getName(0).toString();
        return n == 3 && first.equals("dev") && path.getName(1).toString().equals("fd")
                || n == 4 && first.equals("proc") && path.getName(2).toString().equals("fd")
                || n == 6 && first.equals("proc") && path.getName(2).toString().equals("task")
                && path.getName(4).toString().equals("fd");
    }

    /**
     * A hidden name beside the target, unique by a random part: {@code .<start of the name>.<random>.part}. Only the
     * first {@value #TEMP_PREFIX_BYTES} bytes (UTF-8) of the name are kept, whole characters only, so that any name
     * the file system accepts (most allow 255 bytes) leaves room for the rest.
     */
    static String temporaryName(String targetName) {
        StringBuilder prefix = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < targetName.length(); ) {
            int codePoint = targetName.codePointAt(i);
            int length = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + length > TEMP_PREFIX_BYTES) {
                break;
            }
            prefix.appendCodePoint(codePoint);
            bytes += length;
            i += Character.charCount(codePoint);
        }
        return "." + prefix + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(),
                36) + ".part";
    }

    /** The owner, group and permissions of the file a dump will replace; {@code null} if none, or not POSIX. */
    private static PosixFileAttributes posixAttributesOf(Path file) throws IOException {
        if (!Files.exists(file)
                || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return null;
        }
        return Files.readAttributes(file, PosixFileAttributes.class);
    }

    /**
     * Gives the temporary file the owner, group and permissions of the file it will replace, so that re-exporting
     * never widens who may read the dump. The owner and group are copied where allowed (changing the owner usually
     * needs root); when the group cannot be kept, the group's permissions are dropped rather than given to another
     * group. Set after the owner and group, as changing those may clear permission bits.
     */
    private static void keepAttributes(PosixFileAttributes replaced, Path temp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        PosixFileAttributes current = view.readAttributes();
        if (!current.owner().equals(replaced.owner())) {
            try {
                view.setOwner(replaced.owner());
            } catch (IOException | SecurityException notPermitted) {
                // The dump is then ours, as any file we write; its permissions below still apply.
            }
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(replaced.permissions());
        if (!current.group().equals(replaced.group())) {
            try {
                view.setGroup(replaced.group());
            } catch (IOException | SecurityException notPermitted) {
                permissions.removeAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.GROUP_EXECUTE));
            }
        }
        // Exactly these: the creation mode above was narrowed by the umask.
        view.setPermissions(permissions);
    }

    private static void discard(FileChannel file, Path temp) {
        try {
            file.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            System.getLogger(StagedOutput.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not delete temporary file " + temp + ": " + e);
        }
    }

    /**
     * The file a dump for this destination would be written to, without writing anything: the destination's path,
     * or the sanitised suggested name inside it when it is an existing directory or a
     * {@linkplain ExportDestination#folder(Path) folder destination}. Lets a provider check the target before it
     * writes anything (e.g. that it is not the file being exported).
     *
     * @param destination       where the dump goes
     * @param suggestedFilename the dump's name, used when the destination is an existing directory or a folder
     *                          destination
     * @return the file, as {@link #open(ExportDestination, String)} would resolve it; empty for a stream destination
     * @throws DestinationException for a folder destination whose folder is missing or not a folder (naming the
     *                              folder to create), as {@link #checkWritable(ExportDestination)} says it
     */
    public static Optional<Path> targetOf(ExportDestination destination, String suggestedFilename) {
        if (destination.isFolder()) {
            requireFolder(destination);
        }
        return destination.path().map(requested -> Files.isDirectory(requested) || destination.isFolder()
                ? withoutDotNames(requested).resolve(sanitizeFilename(suggestedFilename)) : requested);
    }

    /**
     * The folder without its {@code .} names: {@code -o .} would otherwise name the dump {@code ./app.sql} in
     * messages and {@code /work/./app.sql} in the result. {@code ..} stays, since where a folder is a link it is the
     * file system's to resolve, not the path's text.
     */
    private static Path withoutDotNames(Path folder) {
        Path kept = folder.getRoot();
        for (Path name : folder) {
            if (!name.toString().equals(".")) {
                kept = kept == null ? name : kept.resolve(name);
            }
        }
        // "." alone: the working folder, which a bare file name is relative to.
        return kept == null ? folder.getFileSystem().getPath("") : kept;
    }

    private static boolean containsDotDot(Path path) {
        for (Path name : path) {
            if (name.toString().equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file a dump for this destination would replace, as {@link #open(ExportDestination, String)} resolves it:
     * {@link #targetOf(ExportDestination, String)}'s path, with its symbolic links followed. Lets a provider check,
     * before it writes anything, what will really be replaced (e.g. that a link does not lead to the database being
     * exported).
     *
     * @param destination       where the dump goes
     * @param suggestedFilename the dump's name, used when the destination is an existing directory or a folder
     *                          destination
     * @return the absolute file; empty for a stream destination
     * @throws DestinationException if the destination cannot be written (as {@link #checkWritable} says why)
     */
    public static Optional<Path> replacedFile(ExportDestination destination, String suggestedFilename) {
        return targetOf(destination, suggestedFilename).map(StagedOutput::replaceable);
    }

    /**
     * Makes a server-supplied file name safe to use inside a folder: only its last segment is kept, and only letters,
     * digits, {@code .}, {@code -} and {@code _} survive, leading dots are dropped, and a name that does not end in
     * {@code .sql} gets that suffix, after any trailing dots and underscores (so an answer cannot pick an unrelated
     * file in the folder, such as {@code authorized_keys}, to replace: it becomes {@code authorized_keys.sql}); a
     * name that is empty, all dots, or nothing but characters that are not kept (so all underscores) becomes
     * {@code d1-export.sql}.
     *
     * @param name the suggested name, may be {@code null}
     * @return a plain file name
     */
    public static String sanitizeFilename(String name) {
        if (name == null) {
            return DEFAULT_NAME;
        }
        String last = name;
        int cut = Math.max(last.lastIndexOf('/'), last.lastIndexOf('\\'));
        if (cut >= 0) {
            last = last.substring(cut + 1);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < last.length() && sb.length() < 200; i++) {
            char c = last.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' || c == '_';
            sb.append(ok ? c : '_');
        }
        String clean = sb.toString();
        while (clean.startsWith(".")) {
            clean = clean.substring(1);
        }
        if (clean.isEmpty() || clean.chars().allMatch(c -> c == '_')) {
            return DEFAULT_NAME;
        }
        if (clean.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")) {
            return clean;
        }
        // "dump." and "a.sql " (its space now '_') end in what is left of nothing: dump.sql, a.sql.
        String stem = clean.replaceAll("[._]+$", "");
        return stem.toLowerCase(java.util.Locale.ROOT).endsWith(".sql") ? stem : stem + ".sql";
    }

    /**
     * The stream to write the dump to. Do not close it; {@link #commit()} and {@link #close()} do.
     *
     * @return the stream
     */
    public OutputStream stream() {
        return stream;
    }

    /**
     * A channel onto the same output, for writers that hold {@link java.nio.ByteBuffer}s (e.g. an HTTP body): for a
     * file destination it writes straight to the temporary file, without a copy. Bytes written here count in
     * {@link #bytesWritten()}. Anything written to {@link #stream()} is flushed before the first channel write, so the
     * two may be used one after the other (not from two threads at once). Do not close it.
     *
     * @return the channel
     */
    public WritableByteChannel channel() {
        return channel;
    }

    /**
     * Bytes written so far.
     *
     * @return the count
     */
    public long bytesWritten() {
        return stream.count;
    }

    /**
     * Discards everything written so far, to write the dump again from its first byte (e.g. a download that cannot
     * be resumed where it broke off). Possible for a file destination only: bytes given to a caller's stream cannot
     * be taken back.
     *
     * @return {@code true} if the output is empty again, {@code false} for a stream destination that already received
     *         bytes (nothing is changed then)
     * @throws DestinationException if the temporary file cannot be emptied
     * @throws ExportCancelledException if the thread was interrupted
     * @throws IllegalStateException once committed or closed
     */
    public boolean restart() {
        if (closed || committed) {
            throw new IllegalStateException("StagedOutput is already " + (committed ? "committed" : "closed"));
        }
        if (temp == null) {
            return stream.count == 0;
        }
        try {
            stream.flush();
            FileChannel file = (FileChannel) sink;
            file.truncate(0);
            file.position(0);
            stream.count = 0;
            if (backgroundSync != null) {
                backgroundSync.restart();
            }
            return true;
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new ExportCancelledException("Writing " + target + " was interrupted; nothing was written", e);
        } catch (IOException e) {
            throw new DestinationException("Cannot write " + target + ": " + describe(e), e);
        }
    }

    /**
     * Why writing failed, in words: the operating system's reason where there is one, without the exception's class or
     * the temporary file's name (the exception stays the cause, for a stack trace).
     */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs) {
            if (fs.getReason() != null) {
                return fs.getReason();
            }
            if (e instanceof java.nio.file.AccessDeniedException) {
                return "permission denied";
            }
            if (e instanceof NoSuchFileException) {
                return "no such file or folder (the folder may not accept new files)";
            }
            if (e instanceof java.nio.file.FileAlreadyExistsException) {
                return "a file of that name is in the way";
            }
            if (e instanceof java.nio.file.NotDirectoryException) {
                return "a part of the path is not a folder";
            }
            return e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Whether {@link #commit()} synced the file and its folder, for tests. */
    boolean syncedOnCommit() {
        return syncedOnCommit;
    }

    /** Background syncs started so far, for tests. */
    int backgroundSyncs() {
        return backgroundSync == null ? 0 : backgroundSync.syncsStarted();
    }

    /** Whether no background sync is running (for tests). */
    boolean backgroundSyncIdle() {
        return backgroundSync == null || backgroundSync.idle();
    }

    /**
     * The file the dump will be moved to.
     *
     * @return the final path, or empty for a stream destination
     */
    public Optional<Path> target() {
        return Optional.ofNullable(target);
    }

    /**
     * Completes the dump: flushes and syncs the temporary file, then moves it over the destination atomically
     * (replacing a previous file) and syncs the folder; for a destination {@linkplain ExportDestination#withoutSync()
     * without sync}, flushes and moves only.
     *
     * @return the final path, or empty for a stream destination
     * @throws DestinationException if the sync or the move fails, a background sync failed, or the file to be
     *                              replaced is one this process may no longer write (the temporary file is removed,
     *                              the previous file kept)
     * @throws ExportCancelledException if the thread was interrupted before the move, or the
     *                                  {@link Exporter#exportAsync(ExportRequest) exportAsync} future running this
     *                                  export was cancelled before it; for a stream destination, if the flush was
     *                                  interrupted (the message then says how many bytes the stream was given, as
     *                                  some of them may have reached it)
     */
    public Optional<Path> commit() {
        if (closed || committed) {
            throw new IllegalStateException("StagedOutput is already " + (committed ? "committed" : "closed"));
        }
        try {
            stream.flush();
            if (temp == null) {
                committed = true;
                return Optional.empty();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new ExportCancelledException("Writing " + target + " was interrupted; nothing was written");
            }
            if (backgroundSync != null) {
                backgroundSync.finish();
                ((FileChannel) sink).force(true);
                syncedOnCommit = true;
            }
            stream.close();
            beforeMove.run();
            // The move and an exportAsync cancel are decided under one lock: a cancel that returned true never
            // sees the destination replaced.
            if (Thread.currentThread().isInterrupted() || !InterruptibleTask.commitUnlessCancelled(this::move, destination)) {
                throw new ExportCancelledException("Export of " + target + " was cancelled; nothing was written");
            }
            committed = true;
            if (backgroundSync != null) {
                syncFolder(target.getParent());
            }
            return Optional.of(target);
        } catch (ClosedByInterruptException | InterruptedIOException | InterruptedException e) {
            Thread.currentThread().interrupt();
            if (temp == null && stream.count > 0) {
                // A caller's stream interrupted in its flush holds what it was given, or some of it: not nothing.
                throw new ExportCancelledException("Writing the output stream was interrupted while it was flushed; "
                        + stream.count + " bytes of the dump were written to it, some of which it may not have"
                        + " passed on", e);
            }
            throw new ExportCancelledException("Writing " + describeTarget() + " was interrupted; nothing was written",
                    e);
        } catch (IOException e) {
            throw new DestinationException("Cannot write " + describeTarget() + ": " + describe(e), e);
        } finally {
            if (!committed) {
                close();
            }
        }
    }

    private void move() throws IOException {
        // Asked again: the file may have been made read-only while the dump was written (open() refused it if it
        // was read-only then). The rename ignores the mode, so a change after this check is not seen. The close()
        // after the failed commit removes the temporary file.
        refuseReadOnly(target, target, "it became read-only while the dump was written (this user may not write"
                + " it); it is left as it was");
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs {@code hook} in {@link #commit()} just before the move, for tests of what may happen there. */
    void beforeMove(Runnable hook) {
        this.beforeMove = hook;
    }

    /** Makes the rename itself durable where the platform allows syncing a folder (not on Windows). */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the file is already complete and in place.
        }
    }

    private String describeTarget() {
        return target == null ? "the output stream" : target.toString();
    }

    /**
     * Whether {@link #commit()} succeeded.
     *
     * @return {@code true} once the dump is in place
     */
    public boolean isCommitted() {
        return committed;
    }

    /**
     * Releases the output. Without a successful {@link #commit()} the temporary file is deleted and the destination
     * is left as it was. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (committed || temp == null) {
            return;
        }
        try {
            stream.close();
        } catch (IOException | RuntimeException ignored) {
            // The file is being discarded; a failure to flush it does not matter.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            System.getLogger(StagedOutput.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not delete temporary file " + temp + ": " + e);
        }
    }

    /** Counts bytes on their way to the real stream, and tells the background sync how far the file has grown. */
    private static final class CountingStream extends FilterOutputStream {
        private final BackgroundSync sync;
        private long count;
        /** Whether bytes written through the stream may still sit in its buffer. */
        private boolean buffered;

        CountingStream(OutputStream out, BackgroundSync sync) {
            super(out);
            this.sync = sync;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            buffered = true;
            counted(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            buffered = true;
            counted(len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            buffered = false;
        }

        /** Flushes only what the stream holds, so that channel writes do not flush a caller's stream each time. */
        void flushBuffered() throws IOException {
            if (buffered) {
                flush();
            }
        }

        void counted(long bytes) {
            count += bytes;
            if (sync != null) {
                sync.written(count);
            }
        }
    }

    /** Writes to the sink after flushing the stream's buffer, counting into the same total. */
    private final class CountingChannel implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) throws IOException {
            if (closed || committed) {
                throw new ClosedChannelException();
            }
            stream.flushBuffered();
            int start = src.position();
            try {
                while (src.hasRemaining()) {
                    sink.write(src);
                }
            } finally {
                // Counted even when a write fails part-way: bytesWritten() must be what the output holds.
                stream.counted(src.position() - start);
            }
            return src.position() - start;
        }

        @Override
        public boolean isOpen() {
            return !closed && !committed;
        }

        @Override
        public void close() {
            // The output owns the sink; commit() and close() release it.
        }
    }

    /** Keeps the caller's stream open: it is theirs. */
    private static final class NonClosingStream extends FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
