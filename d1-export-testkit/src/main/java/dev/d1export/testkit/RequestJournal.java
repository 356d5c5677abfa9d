package dev.d1export.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * The requests a {@link FakeD1Server} received, in arrival order, for assertions. Thread-safe.
 *
 * <pre>{@code
 * assertThat(server.journal().of(Endpoint.EXPORT)).hasSize(3);
 * assertThat(server.journal().credentialLeaks()).isEmpty();
 * }</pre>
 */
public final class RequestJournal {

    private final List<ReceivedRequest> entries = new ArrayList<>();

    /** Creates an empty journal. */
    public RequestJournal() {
    }

    /**
     * Every request, oldest first.
     *
     * @return a snapshot
     */
    public synchronized List<ReceivedRequest> all() {
        return List.copyOf(entries);
    }

    /**
     * The requests of one kind, oldest first.
     *
     * @param endpoint the kind
     * @return a snapshot
     */
    public synchronized List<ReceivedRequest> of(Endpoint endpoint) {
        List<ReceivedRequest> result = new ArrayList<>();
        for (ReceivedRequest r : entries) {
            if (r.endpoint() == endpoint) {
                result.add(r);
            }
        }
        return List.copyOf(result);
    }

    /**
     * The requests that carried Cloudflare credentials ({@code Authorization}, {@code X-Auth-Key},
     * {@code X-Auth-Email}) to the download listener: a client that sends its token to a signed URL leaks it.
     *
     * @return a snapshot; empty for a well-behaved client
     */
    public synchronized List<ReceivedRequest> credentialLeaks() {
        List<ReceivedRequest> result = new ArrayList<>();
        for (ReceivedRequest r : entries) {
            if (r.credentialLeak()) {
                result.add(r);
            }
        }
        return List.copyOf(result);
    }

    /**
     * How many requests were recorded.
     *
     * @return the count
     */
    public synchronized int size() {
        return entries.size();
    }

    /** Forgets every request. */
    public synchronized void clear() {
        entries.clear();
    }

    /**
     * Records a request; called by the server.
     *
     * @param request the request
     */
    synchronized void record(ReceivedRequest request) {
        entries.add(request);
    }

    @Override
    public synchronized String toString() {
        return "RequestJournal{" + entries.size() + " requests}";
    }
}
