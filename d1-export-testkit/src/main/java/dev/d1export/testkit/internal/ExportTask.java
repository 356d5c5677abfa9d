package dev.d1export.testkit.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One export on the fake server: the dump (made when the export starts, on disk) or the error, and how far the
 * polling has got. Changed only under the {@link ExportRegistry}'s lock; readable from any thread.
 */
public final class ExportTask {

    /** Where an export is. */
    public enum State {
        /** Still answering {@code active}. */
        RUNNING,
        /** Answered {@code complete}; the dump can be downloaded. */
        COMPLETE,
        /** Answered {@code error}. */
        FAILED,
        /** Cancelled by the server because it was not polled in time. */
        CANCELLED
    }

    private final String id;
    private final String databaseUuid;
    private final String atBookmark;
    private final String filename;
    private final Path dumpFile;
    private final int activeAnswers;
    private volatile boolean made;
    private volatile String error;
    // Written under the registry's lock; volatile because handlers read them without it.
    private volatile int calls;
    private volatile State state = State.RUNNING;
    private volatile long lastCallNanos;
    private volatile String signedUrl;
    // Calls for this export that the server has received and not yet answered (a poll held by a fault's delay, or
    // between its lookup and its answer): D1 had them when they arrived, so while one is held the export is polled.
    private volatile int held;

    ExportTask(String id, String databaseUuid, String atBookmark, String filename, Path dumpFile, int activeAnswers) {
        this.id = id;
        this.databaseUuid = databaseUuid;
        this.atBookmark = atBookmark;
        this.filename = filename;
        this.dumpFile = dumpFile;
        this.activeAnswers = activeAnswers;
        this.lastCallNanos = System.nanoTime();
    }

    /**
     * The task's id, part of its signed URL.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The database.
     *
     * @return its UUID
     */
    public String databaseUuid() {
        return databaseUuid;
    }

    /**
     * The bookmark the export started at.
     *
     * @return the bookmark
     */
    public String atBookmark() {
        return atBookmark;
    }

    /**
     * The dump's file name.
     *
     * @return e.g. {@code <uuid>-00000001.sql}
     */
    public String filename() {
        return filename;
    }

    /**
     * The dump on disk.
     *
     * @return the file, or {@code null} while it is being made and for a failed export
     */
    public Path dump() {
        return made && error == null ? dumpFile : null;
    }

    /** Where the dump is written. */
    Path dumpFile() {
        return dumpFile;
    }

    /** Records that the dump was made, or why it could not be ({@code null} if it was). */
    void made(String failure) {
        this.error = failure;
        // The first call is answered only now: the gap the server allows between calls starts here, not when it came.
        this.lastCallNanos = System.nanoTime();
        this.made = true;
    }

    /**
     * The state.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * How many calls the export has answered.
     *
     * @return the count
     */
    public int calls() {
        return calls;
    }

    /**
     * The signed URL, once complete.
     *
     * @return the URL, or {@code null}
     */
    public String signedUrl() {
        return signedUrl;
    }

    /**
     * The error, for a failed export.
     *
     * @return the error text, or {@code null}
     */
    public String error() {
        return error;
    }

    boolean unpolledFor(long nanos, long now) {
        // While the dump is made, the first call is still waiting for its answer: that is no gap between polls.
        return state == State.RUNNING && made && held == 0 && now - lastCallNanos > nanos;
    }

    /** Records a call that arrived and is not answered yet; it counts as a poll until it is. */
    void hold() {
        held++;
        lastCallNanos = System.nanoTime();
    }

    /** Records that a held call was answered (or given up): the gap between polls counts from now. */
    void release() {
        held--;
        lastCallNanos = System.nanoTime();
    }

    void cancel() {
        state = State.CANCELLED;
    }

    /**
     * Answers one call: advances the export and returns the messages since the previous call.
     *
     * @param signer makes the signed URL on completion
     * @return the messages of this call
     */
    List<String> answerCall(java.util.function.Supplier<String> signer) {
        lastCallNanos = System.nanoTime();
        List<String> messages = new ArrayList<>();
        if (state != State.RUNNING) {
            return messages;
        }
        calls++;
        if (calls == 1) {
            messages.add("Generating " + filename);
        } else {
            messages.add("Uploaded part " + (calls - 1));
        }
        if (calls > activeAnswers && made) { // a dump still being made keeps the export active
            if (error != null) {
                state = State.FAILED;
            } else {
                int parts = Math.max(1, activeAnswers);
                if (calls == 1) {
                    messages.add("Uploaded part 1");
                }
                messages.add("Finished uploading " + filename + " in " + parts + (parts == 1 ? " part." : " parts."));
                signedUrl = signer.get();
                state = State.COMPLETE;
            }
        }
        return messages;
    }
}
