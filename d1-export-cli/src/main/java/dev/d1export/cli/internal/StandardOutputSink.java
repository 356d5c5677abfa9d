package dev.d1export.cli.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The dump's way to standard output for {@code -o -}. A {@link PrintStream} never throws: it only remembers that a
 * write failed. Through it, a reader that went away ({@code | head}) or a full disk behind a redirect would let the
 * export run on and end with exit code 0, so every write is checked here and a failure becomes the
 * {@link IOException} that the export reports as a destination error (exit code 12).
 */
final class StandardOutputSink extends OutputStream {

    private final PrintStream out;
    private volatile long written;
    private volatile boolean failed;

    StandardOutputSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        check();
        written++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        check();
        written += length;
    }

    @Override
    public void flush() throws IOException {
        check(); // checkError() flushes
    }

    /** Not closed: standard output belongs to the process. */
    @Override
    public void close() throws IOException {
        flush();
    }

    /**
     * How many bytes standard output took: a write that failed is not counted (a pipe may have taken part of it).
     *
     * @return the count
     */
    long written() {
        return written;
    }

    /**
     * Whether a write failed: the reader went away or the disk behind a redirect is full.
     *
     * @return {@code true} after a failed write
     */
    boolean failed() {
        return failed;
    }

    private void check() throws IOException {
        if (out.checkError()) {
            failed = true;
            throw new IOException("standard output cannot be written (closed, or the reading end of the pipe ended)");
        }
    }
}
