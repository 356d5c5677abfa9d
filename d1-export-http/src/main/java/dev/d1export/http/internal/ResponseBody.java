package dev.d1export.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * A response body read chunk by chunk on the calling thread, with waits that an interrupt ends at once and a timeout
 * bounds; whichever client delivered it.
 */
interface ResponseBody {

    /**
     * The next chunk of the body, valid until the next call.
     *
     * @param wait how long the server may stay silent
     * @return the chunk's buffers, or {@code null} at the end of the body
     * @throws java.net.http.HttpTimeoutException if nothing arrived in time
     * @throws IOException                        if the body broke off
     * @throws InterruptedException               if the thread was interrupted
     */
    List<ByteBuffer> next(Duration wait) throws IOException, InterruptedException;

    /**
     * Reads the rest of the body into memory, for small answers.
     *
     * @param wait  how long the whole rest of the body may take: a limit per chunk would let a server that sends a
     *              byte now and then hold the export far beyond its deadline
     * @param limit the largest body accepted
     * @return the bytes
     * @throws java.net.http.HttpTimeoutException if the body did not end in time
     * @throws IOException          if the body broke off or is larger than {@code limit}
     * @throws InterruptedException if the thread was interrupted
     */
    default byte[] readAll(Duration wait, int limit) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        long allowed = wait.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : wait.toNanos();
        List<ByteBuffer> chunk;
        while (true) {
            long left = allowed - (System.nanoTime() - start);
            if (left <= 0) {
                throw new java.net.http.HttpTimeoutException("the answer's body did not end within "
                        + wait.toMillis() + " ms");
            }
            chunk = next(Duration.ofNanos(left));
            if (chunk == null) {
                break;
            }
            for (ByteBuffer buffer : chunk) {
                if (out.size() + buffer.remaining() > limit) {
                    throw new BodyTooLargeException(limit);
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toByteArray();
    }

    /** A body larger than the reader accepts. */
    final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(int limit) {
            super("the answer is larger than " + limit + " bytes");
        }
    }
}
