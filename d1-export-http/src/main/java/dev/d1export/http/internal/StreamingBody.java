package dev.d1export.http.internal;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read chunk by chunk on the calling thread, with back-pressure (at most {@value #WINDOW} chunks
 * requested ahead, so memory does not grow with the body) and waits that an interrupt ends at once and a timeout
 * bounds. The JDK's
 * {@code BodyHandlers.ofInputStream()} blocks in a way that neither an interrupt nor a deadline can end, which would
 * let a cancelled or stalled download hang.
 *
 * <p>Used by one reading thread; the HTTP client's threads only hand chunks over. {@link #close()} cancels the
 * subscription, which releases the connection.
 */
final class StreamingBody implements Flow.Subscriber<List<ByteBuffer>>, ResponseBody, AutoCloseable {

    private static final Object END = new Object();

    /**
     * Chunks requested ahead of the reader. With one, the client stops reading the socket while the reader writes
     * a chunk; four keep both busy (a 1 GiB loopback download: about 1.55 s with one, 1.25 s with four, 1.3 s with
     * two and 1.55 s with eight, which only competes for the CPU) for at most 2 MiB held.
     */
    static final int WINDOW = 4;

    private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private boolean finished;

    /**
     * Starts reading a body.
     *
     * @param publisher the body, from {@code BodyHandlers.ofPublisher()}
     * @return the reader
     */
    static StreamingBody of(Flow.Publisher<List<ByteBuffer>> publisher) {
        StreamingBody body = new StreamingBody();
        publisher.subscribe(body);
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        chunks.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        chunks.add(throwable);
    }

    @Override
    public void onComplete() {
        chunks.add(END);
    }

    /**
     * The next chunk, waiting for it at most {@code wait}.
     *
     * @param wait how long the server may stay silent
     * @return the chunk's buffers, or {@code null} at the end of the body
     * @throws HttpTimeoutException if nothing arrived in time
     * @throws IOException          if the body broke off
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    @Override
    @SuppressWarnings("unchecked")
    public List<ByteBuffer> next(Duration wait) throws IOException, InterruptedException {
        if (finished) {
            return null;
        }
        Object item = chunks.poll(Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS);
        if (item == null) {
            throw Http1Connection.silentFor(wait);
        }
        if (item == END) {
            finished = true;
            return null;
        }
        if (item instanceof Throwable failure) {
            finished = true;
            throw failure instanceof IOException io ? io : new IOException(failure.toString(), failure);
        }
        // The chunk is taken; ask for one more only now, so at most WINDOW wait in memory.
        subscription.request(1);
        return (List<ByteBuffer>) item;
    }

    /** Stops reading and releases the connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null && !finished) {
            s.cancel();
        }
    }
}
