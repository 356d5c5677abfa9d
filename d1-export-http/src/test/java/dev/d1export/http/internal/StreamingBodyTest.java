package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The reader's back-pressure: at most {@link StreamingBody#WINDOW} chunks are ever requested ahead of the reader,
 * nothing is requested after the end or a failure, and close cancels. The publisher is a plain one that counts
 * demand, standing in for the JDK client's, whose demand cannot be observed.
 */
class StreamingBodyTest {

    /** Counts demand and delivers chunks when told to, on the test's thread. */
    private static final class CountingPublisher implements Flow.Publisher<List<ByteBuffer>> {
        final AtomicLong demand = new AtomicLong();
        final AtomicLong requestsAfterEnd = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile boolean ended;
        /** Whether {@link #subscribe} leaves the subscription for {@link #start()}, as a client on another thread. */
        boolean deferred;
        Flow.Subscriber<? super List<ByteBuffer>> subscriber;

        @Override
        public void subscribe(Flow.Subscriber<? super List<ByteBuffer>> s) {
            subscriber = s;
            if (!deferred) {
                start();
            }
        }

        /** Hands the subscriber its subscription. */
        void start() {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    if (ended) {
                        requestsAfterEnd.incrementAndGet();
                    }
                    demand.addAndGet(n);
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
        }

        /** Delivers as many chunks as were requested, up to {@code max}. */
        int deliver(int max) {
            int sent = 0;
            while (sent < max && demand.get() > 0) {
                demand.decrementAndGet();
                subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {(byte) sent})));
                sent++;
            }
            return sent;
        }
    }

    @Test
    void neverMoreThanTheWindowIsRequestedAhead() throws Exception {
        CountingPublisher publisher = new CountingPublisher();
        StreamingBody body = StreamingBody.of(publisher);
        assertThat(publisher.demand).hasValue(StreamingBody.WINDOW);

        assertThat(publisher.deliver(100)).as("a fast server fills the window, no more").isEqualTo(StreamingBody.WINDOW);
        assertThat(publisher.demand).hasValue(0);

        body.next(Duration.ofSeconds(1));
        assertThat(publisher.demand).as("one taken, one more asked for").hasValue(1);
        assertThat(publisher.deliver(100)).isEqualTo(1);
        for (int i = 0; i < StreamingBody.WINDOW; i++) {
            body.next(Duration.ofSeconds(1));
        }
        assertThat(publisher.demand).as("all taken: the window is open again").hasValue(StreamingBody.WINDOW);
    }

    @Test
    void nothingIsRequestedAfterTheEndAndTheEndIsSticky() throws Exception {
        CountingPublisher publisher = new CountingPublisher();
        StreamingBody body = StreamingBody.of(publisher);
        publisher.deliver(1);
        publisher.ended = true;
        publisher.subscriber.onComplete();

        assertThat(body.next(Duration.ofSeconds(1))).hasSize(1);
        long afterChunk = publisher.requestsAfterEnd.get();
        assertThat(body.next(Duration.ofSeconds(1))).isNull();
        assertThat(body.next(Duration.ofSeconds(1))).isNull();
        assertThat(publisher.requestsAfterEnd).as("no request once the end was read").hasValue(afterChunk);
        body.close();
        assertThat(publisher.cancelled).as("a finished body is not cancelled").isFalse();
    }

    @Test
    void aFailureIsThrownOnceAndNothingMoreIsRequested() throws Exception {
        CountingPublisher publisher = new CountingPublisher();
        StreamingBody body = StreamingBody.of(publisher);
        publisher.ended = true;
        publisher.subscriber.onError(new IOException("connection reset"));

        assertThatThrownBy(() -> body.next(Duration.ofSeconds(1))).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
        assertThat(body.next(Duration.ofSeconds(1))).isNull();
        assertThat(publisher.requestsAfterEnd).hasValue(0);
    }

    @Test
    void closeCancelsAndASilentServerTimesOut() {
        CountingPublisher publisher = new CountingPublisher();
        StreamingBody body = StreamingBody.of(publisher);

        assertThatThrownBy(() -> body.next(Duration.ofMillis(20))).isInstanceOf(HttpTimeoutException.class);
        body.close();
        assertThat(publisher.cancelled).isTrue();
    }

    @Test
    void aBodyClosedBeforeItsSubscriptionCameCancelsItAndAsksForNothing() {
        CountingPublisher publisher = new CountingPublisher();
        // The JDK client hands the subscription over on a thread of its own, possibly after the reader gave up.
        publisher.deferred = true;
        StreamingBody body = StreamingBody.of(publisher);
        body.close();
        publisher.start();

        assertThat(publisher.cancelled).isTrue();
        assertThat(publisher.demand).as("nothing asked of a body no one reads").hasValue(0);
    }

    @Test
    void aFailureThatIsNotAnIoErrorIsThrownAsOneKeepingItsCause() {
        CountingPublisher publisher = new CountingPublisher();
        StreamingBody body = StreamingBody.of(publisher);
        IllegalStateException failure = new IllegalStateException("decoder broke");
        publisher.subscriber.onError(failure);

        assertThatThrownBy(() -> body.next(Duration.ofSeconds(1))).isInstanceOf(IOException.class)
                .hasMessageContaining("decoder broke").hasCause(failure);
    }
}
