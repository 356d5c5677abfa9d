package dev.d1export.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.d1export.testkit.internal.ApiHandler;
import dev.d1export.testkit.internal.DatabaseRegistry;
import dev.d1export.testkit.internal.DownloadHandler;
import dev.d1export.testkit.internal.ExportRegistry;
import dev.d1export.testkit.internal.FaultRules;
import dev.d1export.testkit.internal.ServerConfig;
import dev.d1export.testkit.internal.UrlSigner;
import dev.d1export.testkit.internal.WorkFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Cloudflare D1 export API on loopback, for tests: real HTTP on {@code 127.0.0.1}, backed by real SQLite files whose
 * dumps are made by the {@code sqlite} module's {@link dev.d1export.sqlite.D1DumpWriter}, so a client receives the
 * bytes D1 would send.
 *
 * <p>Two listeners on two free ports: the API ({@link #baseUrl()}, for the {@code cloudflare} provider's
 * {@code base-url} option) and an object store that serves finished dumps at signed URLs. A client that sends its
 * Cloudflare credentials to a signed URL is refused and {@linkplain RequestJournal#credentialLeaks() caught}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeD1Server d1 = FakeD1Server.builder()
 *         .apiToken("test-token")
 *         .database("app", Path.of("src/test/resources/app.sqlite"))
 *         .build();
 *
 * @Test
 * void backsUp() {
 *     var options = Map.of("api-token", "test-token", "base-url", d1.baseUrl());
 *     try (Exporter exporter = D1Export.open("d1:cloudflare://" + d1.accountId() + "/app", options)) {
 *         exporter.export(ExportRequest.builder().destination(dir.resolve("app.sql")).build());
 *     }
 * }
 * }</pre>
 *
 * <p>What it speaks: the v4 envelope; {@code POST .../export} ({@code active} answers with {@code Generating} and
 * {@code Uploaded part N} messages for {@link Builder#pollsUntilComplete(int)} calls, then {@code complete} with
 * {@code filename} and {@code signed_url}), honouring {@code dump_options}; {@code GET .../d1/database?name=};
 * {@code GET .../d1/database/{id}}; {@code GET .../time_travel/bookmark} (the current bookmark: the fake keeps no
 * history, so {@code ?timestamp=} is ignored); {@code POST .../query} for one read-only
 * {@code SELECT} from {@code sqlite_schema}. And D1's behaviours: 401 / code 10000 for bad credentials, 404 / code 7404
 * for an unknown database, the virtual-table error ({@code status:"error"}), the busy error while an export of the
 * database runs (HTTP 409, code 7500, D1's message), exports cancelled when not polled within
 * {@link Builder#abandonAfter(Duration)}, bookmarks that change when the SQLite file changes, signed URLs that
 * expire after {@link Builder#signedUrlLifetime(Duration)}.
 *
 * <p>Faults for the next matching requests: {@link #inject(RequestMatcher, int, Fault)}. Every request is recorded in
 * the {@link #journal()}, with secrets redacted.
 *
 * <p>As a JUnit 5 extension ({@code @RegisterExtension}): a {@code static} field's server serves every test class
 * that uses it (the class, its {@code @Nested} classes, and every subclass when the field is in a base class, one
 * after another or in parallel) until the test run ends; its exports and dumps are deleted whenever no class uses
 * it. A later run in the same JVM starts it again, on the same ports if they are free, with its databases and
 * journal. An instance field's server is closed
 * after each test. {@link #close()} closes it for good. A server never closed does not keep the JVM from exiting (a
 * {@code main} that returns without closing it ends): its threads are daemons. Thread-safe.
 */
public final class FakeD1Server implements AutoCloseable, ExecutionCondition, BeforeAllCallback, AfterAllCallback,
        AfterEachCallback {

    private static final System.Logger LOG = System.getLogger("dev.d1export.testkit");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            FakeD1Server.class);

    private final ServerConfig config;
    private final Path workDir;
    private final DatabaseRegistry databases = new DatabaseRegistry();
    private final ExportRegistry exports;
    private final FaultRules faults = new FaultRules();
    private final RequestJournal journal = new RequestJournal();
    private final UrlSigner signer = new UrlSigner();
    private final ApiHandler apiHandler;
    private final DownloadHandler downloadHandler;
    // The listeners as they are now: replaced when the extension starts the server again (see beforeAll).
    private volatile Listeners listeners;
    private volatile boolean classScoped;
    // Guards the listeners' start and stop and the count of classes that use the server.
    private final Object lifecycle = new Object();
    // How many test classes (each @Nested class counting too) are running with this server: a static field of a
    // base class serves every subclass, one after another or in parallel. Each use is also a ClassUse in its class's
    // store, so only an afterAll whose beforeAll ran counts down.
    private int classesRunning;
    // close() was called: the server never starts again.
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeD1Server(Builder b) throws IOException {
        this.config = new ServerConfig(b.accountId, b.apiTokens, b.apiKeys, b.pollsUntilComplete, b.abandonAfter,
                b.signedUrlLifetime, b.columnList);
        this.workDir = WorkFolders.create();
        this.exports = new ExportRegistry(config, workDir);
        // Handlers are shared by every start of the listeners; the signed URL points at the current download port.
        this.apiHandler = new ApiHandler(config, databases, exports,
                task -> DownloadHandler.signedUrl(downloadOrigin(), task, config.signedUrlLifetime().toMillis(),
                        signer),
                journal::record, faults);
        this.downloadHandler = new DownloadHandler(exports, signer, journal::record, faults);
        try {
            // Before the listeners start: a database that fails its check (a file gone or changed since the
            // builder saw it) must leave no listener, port or thread behind, as no server reaches the caller.
            for (FakeDatabase db : b.databases) {
                databases.add(db);
            }
            this.listeners = Listeners.start(this, 0, 0);
        } catch (IOException | RuntimeException | Error e) {
            // An Error too (no thread for a listener): the folder is no less left behind, with no server to close.
            deleteTree(workDir);
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "Fake D1 server: API at {0}, downloads at {1}", baseUrl(),
                downloadOrigin());
    }

    /**
     * A builder, with a random account id, no credentials and no databases.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The API base URL, for the {@code cloudflare} provider's {@code base-url} option.
     *
     * @return e.g. {@code http://127.0.0.1:43125/client/v4}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + listeners.apiPort() + ApiHandler.BASE_PATH;
    }

    /**
     * The origin of the download listener, where signed URLs point.
     *
     * @return e.g. {@code http://127.0.0.1:43126}
     */
    public String downloadOrigin() {
        return "http://127.0.0.1:" + listeners.downloadPort();
    }

    /**
     * The account the databases belong to.
     *
     * @return the account id (32 hexadecimal characters unless set otherwise)
     */
    public String accountId() {
        return config.accountId();
    }

    /**
     * A {@code d1:cloudflare} URL for a database of this server.
     *
     * @param database the database's name or UUID
     * @return {@code d1:cloudflare://<account>/<database>}
     */
    public String exportUrl(String database) {
        return "d1:cloudflare://" + accountId() + "/" + database;
    }

    /**
     * The options the {@code cloudflare} provider needs to talk to this server with an API token: {@code base-url}
     * and {@code api-token}, plus short poll intervals so tests stay quick.
     *
     * @param apiToken a token registered with {@link Builder#apiToken(String)}
     * @return the properties, for {@code D1Export.open(url, properties)}
     */
    public Map<String, String> clientProperties(String apiToken) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("base-url", baseUrl());
        properties.put("api-token", apiToken);
        properties.put("min-poll-interval", "10ms");
        properties.put("max-poll-interval", "50ms");
        return properties;
    }

    /**
     * Adds a database with a random UUID.
     *
     * @param name the name
     * @param file the SQLite file
     * @return the database
     * @throws IllegalArgumentException if the file is missing or not a SQLite database (an empty file is SQLite's
     *                                  empty database), or the id is taken. Names may repeat, unlike in
     *                                  D1, so that a test can add a fresh copy per test under one name (addressed by
     *                                  id) or test a client's answer to two databases of one name
     */
    public FakeDatabase addDatabase(String name, Path file) {
        return addDatabase(new FakeDatabase(UUID.randomUUID().toString(), name, file));
    }

    /**
     * Adds a database.
     *
     * @param database the database
     * @return the database
     * @throws IllegalArgumentException if the file is missing or not a SQLite database (an empty file is SQLite's
     *                                  empty database), or the id is taken. Names may repeat, unlike in
     *                                  D1, so that a test can add a fresh copy per test under one name (addressed by
     *                                  id) or test a client's answer to two databases of one name
     */
    public FakeDatabase addDatabase(FakeDatabase database) {
        databases.add(Objects.requireNonNull(database, "database"));
        return database;
    }

    /**
     * Makes every later export of a database serve a prepared SQL file as its dump, byte for byte, whatever tables
     * or {@code no_data}/{@code no_schema} the request asks for: e.g. a dump of many GiB to test or measure a client's
     * download without a database that large. The file is served where it is, never copied, changed or deleted;
     * replace it by renaming a new file over it, not by rewriting it, while a download may be running. The setting
     * is configuration, like the databases: {@link #reset()} keeps it. The file is served as it is, but the
     * {@code cloudflare} provider refuses a download that does not open with {@code PRAGMA defer_foreign_keys=TRUE;}
     * as every D1 dump does: start a prepared dump with that line, unless the refusal is what is tested.
     *
     * @param database the database's name or UUID
     * @param sqlFile  the dump to serve, or {@code null} to dump the database again
     * @throws IllegalArgumentException if there is no such database or no such file
     */
    public void serveDump(String database, Path sqlFile) {
        FakeDatabase db = database(database).orElseThrow(() -> new IllegalArgumentException(
                "No database '" + database + "' on this fake server"));
        Path served = null;
        if (sqlFile != null) {
            if (!java.nio.file.Files.isRegularFile(sqlFile)) {
                throw new IllegalArgumentException("No such dump file: " + sqlFile);
            }
            try {
                served = sqlFile.toRealPath();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("Cannot read the dump file " + sqlFile + ": " + e, e);
            }
        }
        exports.prepare(db.uuid(), served);
    }

    /**
     * A database by name or UUID.
     *
     * @param nameOrUuid the name or UUID
     * @return the database, if registered (the first by UUID order when several share the name)
     */
    public Optional<FakeDatabase> database(String nameOrUuid) {
        Optional<FakeDatabase> byUuid = databases.byUuid(nameOrUuid);
        return byUuid.isPresent() ? byUuid
                : databases.all().stream().filter(d -> d.name().equals(nameOrUuid)).findFirst();
    }

    /**
     * Every database.
     *
     * @return the databases, sorted by name
     */
    public List<FakeDatabase> databases() {
        return databases.all();
    }

    /**
     * The bookmark of a database as it is now; it changes when the SQLite file changes.
     *
     * @param database the database
     * @return the bookmark
     */
    public String bookmark(FakeDatabase database) {
        return databases.bookmark(database.uuid());
    }

    /**
     * Whether an export of a database is running (started, not complete, failed or cancelled).
     *
     * @param database the database
     * @return {@code true} while it runs
     */
    public boolean isExportRunning(FakeDatabase database) {
        return exports.running(database.uuid()).isPresent();
    }

    /**
     * How many exports were started since the server started (or was {@linkplain #reset() reset}).
     *
     * @return the count
     */
    public int exportsStarted() {
        return exports.started();
    }

    /**
     * Makes the next {@code times} requests that match behave as the fault says. Rules are used in the order they
     * were added.
     *
     * @param matcher which requests
     * @param times   how many, at least 1
     * @param fault   what happens
     */
    public void inject(RequestMatcher matcher, int times, Fault fault) {
        faults.add(Objects.requireNonNull(matcher, "matcher"), times, Objects.requireNonNull(fault, "fault"));
    }

    /**
     * Makes the next {@code times} requests of a kind behave as the fault says.
     *
     * @param endpoint which kind of request
     * @param times    how many, at least 1
     * @param fault    what happens
     */
    public void inject(Endpoint endpoint, int times, Fault fault) {
        inject(RequestMatcher.endpoint(endpoint), times, fault);
    }

    /**
     * How many injected faults are still waiting for a request.
     *
     * @return the count
     */
    public long pendingFaults() {
        return faults.pending();
    }

    /**
     * The requests received.
     *
     * @return the journal
     */
    public RequestJournal journal() {
        return journal;
    }

    /**
     * Forgets the journal, the pending faults and every export (running or finished). Databases stay. A request still
     * waiting out a {@link Fault#delay(java.time.Duration) delay} is then not acted on: its connection is closed
     * without an answer, so it cannot start an export after the reset.
     */
    public void reset() {
        journal.clear();
        faults.clear();
        exports.clear();
    }

    /** Stops both listeners and deletes the dumps, for good: the extension does not start it again. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (lifecycle) {
            listeners.stop();
        }
        exports.clear();
        deleteTree(workDir);
    }

    /**
     * Starts the server again if an earlier test run in this JVM (an IDE's or a test kit's) stopped it, before
     * anything of the class runs: JUnit evaluates conditions before any {@code beforeAll}, and an extension the class
     * declares by annotation (such as {@code @D1Snapshot}, whose class-level export needs the server) runs its
     * {@code beforeAll} before this one's, since a field's extension is registered after the class's. Within one
     * run the server stays up from its first class to the run's end. Never disables anything.
     *
     * @param context the class's or test's context
     * @return always enabled
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        synchronized (lifecycle) {
            if (!closed.get() && classScoped && listeners.stopped()) {
                restart();
            }
        }
        return ConditionEvaluationResult.enabled("the fake D1 server is running");
    }

    /**
     * Notes that a test class uses the server (a {@code static} field, of the class or of a superclass or enclosing
     * class), so it runs until the test run ends and no class uses it: several classes may share it, one after
     * another or in parallel. Starts it again, on the same ports when they are free, if an earlier run stopped it.
     *
     * @param context the class's context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        classScoped = true;
        synchronized (lifecycle) {
            if (closed.get()) {
                return; // closed by its owner: requests fail, as they would without the extension
            }
            if (classesRunning == 0 && listeners.stopped()) {
                restart();
            }
            classesRunning++;
        }
        // The use belongs to this class's context, so that an afterAll without a beforeAll (an earlier extension's
        // beforeAll threw) counts nothing; remove() below looks in this context only, not in enclosing classes'.
        context.getStore(NAMESPACE).put(this, new ClassUse());
        // The listeners stop when the run ends, not when a class does: the next class's own extensions (a class-level
        // @D1Snapshot export) run their beforeAll before this one's, and need the server up.
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(new RunKey(this), key -> new RunEnd(this),
                RunEnd.class);
    }

    /**
     * Closes a server that belongs to one test (an instance field).
     *
     * @param context the test's context
     */
    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScoped) {
            close();
        }
    }

    /**
     * Ends a test class's use of the server; when no class that uses it is running any more (a {@code @Nested}
     * class's end leaves its enclosing class running), deletes the exports and their dumps. The listeners stop when
     * the test run ends (a class that comes later in the run finds the server up); the databases, the journal and
     * {@link #serveDump(String, Path)} settings stay, for a later run in the same JVM that starts it again.
     *
     * @param context the class's context
     */
    @Override
    public void afterAll(ExtensionContext context) {
        ClassUse use = context.getStore(NAMESPACE).remove(this, ClassUse.class);
        if (use == null) {
            return;
        }
        synchronized (lifecycle) {
            // With no class left, the exports go (a running one would answer the next class "busy", and dumps would
            // pile up over a run); the listeners stay up for the next class until the run ends.
            if (--classesRunning == 0 && !closed.get()) {
                exports.clear();
            }
        }
    }

    /** At the end of the run: stops the listeners, unless a class still uses the server or it was closed. */
    private void runEnded() {
        synchronized (lifecycle) {
            if (classesRunning > 0 || closed.get()) {
                return;
            }
            listeners.stop();
            exports.clear();
        }
    }

    private void restart() {
        Listeners old = listeners;
        try {
            listeners = Listeners.start(this, old.apiPort(), old.downloadPort());
        } catch (IOException e) {
            // Another process took a port meanwhile: free ones serve as well, though a URL kept from before fails.
            LOG.log(System.Logger.Level.WARNING, "Fake D1 server: ports " + old.apiPort() + " and "
                    + old.downloadPort() + " are taken, listening on new ones: " + e);
            try {
                listeners = Listeners.start(this, 0, 0);
            } catch (IOException again) {
                throw new UncheckedIOException("Cannot start the fake D1 server again: " + again.getMessage(),
                        again);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "Fake D1 server started again: API at {0}, downloads at {1}", baseUrl(),
                downloadOrigin());
    }

    @Override
    public String toString() {
        return "FakeD1Server{api=" + baseUrl() + ", downloads=" + downloadOrigin() + ", account=" + accountId()
                + ", databases=" + databases.all().size() + (listeners.stopped() ? ", closed" : "") + "}";
    }

    private static void deleteTree(Path dir) {
        try {
            WorkFolders.delete(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete " + dir + ": " + e);
        }
    }

    /** A test class's use of a {@code static} server, kept in the class's store from beforeAll to afterAll. */
    private static final class ClassUse {
    }

    /** The key of a server's {@link RunEnd} in the root store: one per server, whatever its equals. */
    private record RunKey(FakeD1Server server) {
        @Override
        public boolean equals(Object other) {
            return other instanceof RunKey key && key.server == server;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(server);
        }
    }

    /**
     * Stops a static server's listeners when the test run ends (the root context closes). CloseableResource as well
     * as AutoCloseable: JUnit 5.10-5.12 close only the first, 5.13+ and 6 the second; stopping twice is harmless.
     */
    @SuppressWarnings("deprecation")
    private static final class RunEnd implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final FakeD1Server server;

        RunEnd(FakeD1Server server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.runEnded();
        }
    }

    /** The two listeners and the threads that serve them: made anew each time the server starts. */
    private static final class Listeners {

        private final HttpServer api;
        private final HttpServer download;
        private final ExecutorService executor;
        private final int apiPort;
        private final int downloadPort;
        private volatile boolean stopped;

        private Listeners(HttpServer api, HttpServer download, ExecutorService executor) {
            this.api = api;
            this.download = download;
            this.executor = executor;
            this.apiPort = api.getAddress().getPort();
            this.downloadPort = download.getAddress().getPort();
        }

        /**
         * Starts both listeners; port 0 picks a free one. Every thread they run on is a daemon, so a server that is
         * never closed (a plain {@code main} that returns without {@code close()}) does not keep the JVM alive: the
         * handlers' threads come from a factory that makes daemons, and each listener's dispatcher thread, which the
         * JDK's HttpServer makes in {@code start()} with the daemon status of the thread that calls it, is started
         * from a daemon thread ({@link #startOnDaemonThread}). {@link #stop()} still ends them all.
         */
        static Listeners start(FakeD1Server server, int apiPort, int downloadPort) throws IOException {
            String number = Integer.toHexString(System.identityHashCode(server));
            AtomicInteger threads = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "fake-d1-" + number + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            ExecutorService executor = Executors.newCachedThreadPool(factory);
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            HttpServer api = null;
            HttpServer download = null;
            try {
                api = HttpServer.create(new InetSocketAddress(loopback, apiPort), 0);
                download = HttpServer.create(new InetSocketAddress(loopback, downloadPort), 0);
                api.createContext("/", server.apiHandler);
                download.createContext("/", server.downloadHandler);
                api.setExecutor(executor);
                download.setExecutor(executor);
                startOnDaemonThread(api, download, "fake-d1-" + number + "-start");
                return new Listeners(api, download, executor);
            } catch (IOException | RuntimeException | Error e) {
                // An Error too (no thread for the starter): the ports must not stay bound for a restart on them.
                release(api, e);
                release(download, e);
                executor.shutdownNow();
                throw e;
            }
        }

        /**
         * Stops a listener so that its port is free again. The JDK's HttpServer closes its socket in {@code stop()},
         * but the socket is registered with the listener's selector, and the port is released only when that
         * selector selects again or is closed, which its dispatcher thread does; a listener that was never started
         * (the second one when the first failed, or one created before a failure) has none, and its port stayed
         * bound for the JVM's life. So one that has not started is started first: {@code stop()} then ends its
         * dispatcher, which closes the selector, and waits for it. If even that start fails (still no thread), the
         * failure is added to the one being reported, as nothing else can free the port.
         *
         * @param server  the listener, or {@code null} if it was not created
         * @param failure the failure being reported
         */
        private static void release(HttpServer server, Throwable failure) {
            if (server == null) {
                return;
            }
            try {
                server.start();
            } catch (IllegalStateException started) {
                // Started already: stop() alone releases it.
            } catch (RuntimeException | Error again) {
                failure.addSuppressed(again);
            }
            server.stop(0);
        }

        /**
         * Calls {@code start()} on each listener from a short-lived daemon thread, and waits for it: the dispatcher
         * thread each one makes (JDK 17 to 25, {@code sun.net.httpserver.ServerImpl}) is then a daemon too, whatever
         * thread starts the server. A failure to start is thrown here, on the caller's thread. An interrupt while
         * waiting (a start takes a moment) is kept for the caller, not lost, and does not leave a listener half
         * started.
         */
        private static void startOnDaemonThread(HttpServer api, HttpServer download, String name) {
            Throwable[] failure = new Throwable[1];
            Thread starter = new Thread(() -> {
                try {
                    api.start();
                    download.start();
                } catch (RuntimeException | Error e) {
                    failure[0] = e;
                }
            }, name);
            starter.setDaemon(true);
            starter.start();
            boolean interrupted = false;
            while (true) {
                try {
                    starter.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            // join() makes what the starter wrote visible here; start() throws nothing checked.
            if (failure[0] instanceof RuntimeException e) {
                throw e;
            }
            if (failure[0] != null) {
                throw (Error) failure[0];
            }
        }

        int apiPort() {
            return apiPort;
        }

        int downloadPort() {
            return downloadPort;
        }

        boolean stopped() {
            return stopped;
        }

        void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            api.stop(0);
            download.stop(0);
            executor.shutdownNow();
        }
    }

    /** Builds and starts a {@link FakeD1Server}. Not thread-safe. */
    public static final class Builder {

        private String accountId = UUID.randomUUID().toString().replace("-", "");
        private final Set<String> apiTokens = new LinkedHashSet<>();
        private final Map<String, String> apiKeys = new LinkedHashMap<>();
        private final List<FakeDatabase> databases = new ArrayList<>();
        private int pollsUntilComplete = 2;
        private Duration abandonAfter = Duration.ofSeconds(10);
        private Duration signedUrlLifetime = Duration.ofHours(1);
        private boolean columnList = true;

        private Builder() {
        }

        /**
         * Sets the account id.
         *
         * @param accountId e.g. {@code 023e105f4ecef8ad9ca31a8372d0c353}
         * @return this builder
         */
        public Builder account(String accountId) {
            Objects.requireNonNull(accountId, "accountId");
            if (!accountId.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                throw new IllegalArgumentException("'" + accountId + "' is not an account id");
            }
            this.accountId = accountId;
            return this;
        }

        /**
         * Accepts an API token ({@code Authorization: Bearer <token>}).
         *
         * @param token the token
         * @return this builder
         */
        public Builder apiToken(String token) {
            apiTokens.add(requireText(token, "token"));
            return this;
        }

        /**
         * Accepts a legacy global API key with its account e-mail ({@code X-Auth-Email}, {@code X-Auth-Key}).
         *
         * @param email the e-mail
         * @param key   the key
         * @return this builder
         */
        public Builder apiKey(String email, String key) {
            apiKeys.put(requireText(email, "email"), requireText(key, "key"));
            return this;
        }

        /**
         * Serves a database under a random UUID.
         *
         * @param name the name
         * @param file the SQLite file
         * @return this builder
         * @throws IllegalArgumentException if the file is missing or not a SQLite database (an empty file is SQLite's
         *                                  empty database), or the id is taken. Names may repeat, unlike in
         *                                  D1, so that a test can add a fresh copy per test under one name (addressed by
         *                                  id) or test a client's answer to two databases of one name
         */
        public Builder database(String name, Path file) {
            return database(UUID.randomUUID().toString(), name, file);
        }

        /**
         * Serves a database.
         *
         * @param uuid the id, a lower-case UUID
         * @param name the name
         * @param file the SQLite file
         * @return this builder
         * @throws IllegalArgumentException if the file is missing or not a SQLite database (an empty file is SQLite's
         *                                  empty database), or the id is taken. Names may repeat, unlike in
         *                                  D1, so that a test can add a fresh copy per test under one name (addressed by
         *                                  id) or test a client's answer to two databases of one name
         */
        public Builder database(String uuid, String name, Path file) {
            FakeDatabase database = new FakeDatabase(uuid, name, file);
            dev.d1export.testkit.internal.DatabaseRegistry.checkFile(database);
            for (FakeDatabase other : databases) {
                if (other.uuid().equals(uuid)) {
                    throw new IllegalArgumentException("A database with id " + uuid + " is already added");
                }
            }
            databases.add(database);
            return this;
        }

        /**
         * How many {@code active} answers an export gives before it completes (0: the first call completes it).
         *
         * @param polls the count, default 2
         * @return this builder
         */
        public Builder pollsUntilComplete(int polls) {
            if (polls < 0) {
                throw new IllegalArgumentException("pollsUntilComplete must not be negative, got " + polls);
            }
            this.pollsUntilComplete = polls;
            return this;
        }

        /**
         * How long a running export may go without a call before the server cancels it, counted from the answer to
         * its last call (a call not yet answered keeps it running: a first call still waiting for its dump, a poll
         * held by a {@link Fault#delay(Duration)}).
         *
         * @param window the window, default 10 s
         * @return this builder
         */
        public Builder abandonAfter(Duration window) {
            this.abandonAfter = positive(window, "abandonAfter");
            return this;
        }

        /**
         * How long a signed URL works.
         *
         * @param lifetime the lifetime, default 1 h as on Cloudflare
         * @return this builder
         */
        public Builder signedUrlLifetime(Duration lifetime) {
            this.signedUrlLifetime = positive(lifetime, "signedUrlLifetime");
            return this;
        }

        /**
         * Chooses the dump's {@code INSERT} form: with the column list (current D1, the default) or without it (the
         * bytes of wrangler 4.86).
         *
         * @param columnList whether to name the columns
         * @return this builder
         */
        public Builder insertColumnList(boolean columnList) {
            this.columnList = columnList;
            return this;
        }

        /**
         * Starts the server.
         *
         * @return the running server
         * @throws UncheckedIOException if a listener cannot start
         */
        public FakeD1Server build() {
            try {
                return new FakeD1Server(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the fake D1 server: " + e.getMessage(), e);
            }
        }

        private static String requireText(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        @Override
        public String toString() {
            return "FakeD1Server.Builder{account=" + accountId + ", tokens=" + apiTokens.size() + ", keys="
                    + apiKeys.size() + ", databases=" + databases.size() + "}";
        }
    }
}
