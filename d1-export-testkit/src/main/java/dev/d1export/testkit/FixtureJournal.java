package dev.d1export.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests the {@code fixture} provider received, per journal name. A URL picks its journal with
 * {@code ?journal=<name>} (default {@value #DEFAULT}); give each test its own name to keep parallel tests apart.
 *
 * <pre>{@code
 * FixtureJournal journal = FixtureJournal.named("orders-test");
 * journal.clear();
 * myCode.backup("d1:fixture:classpath:orders.sql?journal=orders-test");
 * assertThat(journal.requests()).singleElement().extracting(RecordedRequest::tables).isEqualTo(List.of("orders"));
 * }</pre>
 *
 * <p>Journals are process-wide by design (providers are instantiated by {@link java.util.ServiceLoader}, out of the
 * test's reach); they exist only for tests. Tests that run in parallel must each use their own journal name: the
 * default journal is shared by every URL that names none. {@link #remove(String)} drops a journal when a test is done.
 * Thread-safe.
 */
public final class FixtureJournal {

    /** The journal used when a URL names none. */
    public static final String DEFAULT = "default";

    private static final Map<String, FixtureJournal> JOURNALS = new ConcurrentHashMap<>();

    private final String name;
    private final List<RecordedRequest> requests = new ArrayList<>();

    private FixtureJournal(String name) {
        this.name = name;
    }

    /**
     * The journal with this name, created on first use.
     *
     * @param name the name given as {@code ?journal=<name>}
     * @return the journal
     */
    public static FixtureJournal named(String name) {
        return JOURNALS.computeIfAbsent(Objects.requireNonNull(name, "name"), FixtureJournal::new);
    }

    /**
     * The journal of URLs that name none.
     *
     * @return the default journal
     */
    public static FixtureJournal defaultJournal() {
        return named(DEFAULT);
    }

    /**
     * Drops a journal and its records; a later {@link #named(String)} starts a new, empty one.
     *
     * @param name the journal's name
     */
    public static void remove(String name) {
        JOURNALS.remove(name);
    }

    /**
     * The journal's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * A snapshot of the recorded requests, oldest first.
     *
     * @return the requests
     */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * How many requests were recorded.
     *
     * @return the count
     */
    public synchronized int count() {
        return requests.size();
    }

    /** Forgets every recorded request. */
    public synchronized void clear() {
        requests.clear();
    }

    synchronized void record(RecordedRequest request) {
        requests.add(request);
    }

    @Override
    public String toString() {
        return "FixtureJournal{" + name + ", requests=" + count() + "}";
    }
}
