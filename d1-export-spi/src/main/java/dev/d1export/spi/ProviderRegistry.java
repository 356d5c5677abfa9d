package dev.d1export.spi;

import dev.d1export.spi.internal.Secrets;
import dev.d1export.spi.internal.UrlParser;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The providers visible to one class loader, and the rules that pick one for a URL. Immutable once loaded; safe to
 * share between threads.
 *
 * <p>Selection is deterministic: the URL names the provider; a pin ({@link ExportOptions#PROVIDER_CLASS} or
 * {@link Builder#pin(String)} for the URLs its provider supports) wins; two providers that claim the same URL without a pin are an
 * {@link AmbiguousProviderException}, never class-path luck. A provider whose loading throws is logged, skipped and
 * named in later "no provider" errors; the others keep working.
 *
 * <pre>{@code
 * ProviderRegistry registry = ProviderRegistry.builder().classLoader(pluginLoader).build();
 * try (Exporter exporter = registry.open("d1:sqlite:app.sqlite")) { ... }
 * }</pre>
 */
public final class ProviderRegistry {

    /** The artifacts of this project's providers, named when one is missing: the usual cause is a missing jar. */
    private static final java.util.Map<String, String> PROJECT_PROVIDERS = java.util.Map.of(
            "cloudflare", "dev.d1export:d1-export-http",
            "sqlite", "dev.d1export:d1-export-sqlite",
            "fixture", "dev.d1export:d1-export-testkit");

    private static final System.Logger LOG = System.getLogger(ProviderRegistry.class.getName());
    private static final int MAX_LOAD_ERRORS = 100;
    private static final String SKIPPING = "Skipping d1-export provider that failed to load: ";

    /**
     * The failures already reported at WARNING in this JVM. Every {@code D1Export.open} discovers the providers anew,
     * so a broken one would otherwise print its stack trace on each call; like SLF4J, it is reported once, and again
     * only at DEBUG. Bounded, so that failures whose messages vary cannot grow it without end.
     */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final int MAX_REPORTED = 1000;

    private final List<Entry> entries;
    private final List<ProviderLoadFailure> failures;
    private final String pin;

    private ProviderRegistry(List<Entry> entries, List<ProviderLoadFailure> failures, String pin) {
        this.entries = List.copyOf(entries);
        this.failures = List.copyOf(failures);
        this.pin = pin;
    }

    /**
     * Loads the providers visible to the SPI's own class loader.
     *
     * @return the registry
     */
    public static ProviderRegistry load() {
        return builder().build();
    }

    /**
     * Loads the providers visible to a class loader.
     *
     * @param classLoader the loader to search
     * @return the registry
     */
    public static ProviderRegistry load(ClassLoader classLoader) {
        return builder().classLoader(classLoader).build();
    }

    /**
     * A builder, to choose the class loader, pin a provider or add provider instances.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The providers that loaded, in discovery order.
     *
     * @return the providers
     */
    public List<ExportProvider> providers() {
        List<ExportProvider> providers = new ArrayList<>();
        for (Entry entry : entries) {
            ExportProvider provider = entry.instance();
            if (provider != null) {
                providers.add(provider);
            }
        }
        return Collections.unmodifiableList(providers);
    }

    /**
     * The providers that failed to load (missing class, throwing constructor). Providers are instantiated lazily (a
     * pinned one alone, when a pin decides), so this instantiates every discovered provider first: it reports all
     * failures, not only those met so far.
     *
     * @return the failures, in discovery order
     */
    public List<ProviderLoadFailure> failures() {
        providers();
        List<ProviderLoadFailure> all = new ArrayList<>(failures);
        for (Entry entry : entries) {
            ProviderLoadFailure failure = entry.failure();
            if (failure != null) {
                all.add(failure);
            }
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * Finds the provider for these options.
     *
     * @param options the parsed options
     * @return the one provider that serves them
     * @throws ProviderNotFoundException if none does, listing every provider found and every load failure (a provider
     *                                   whose {@code supports()} threw is listed among the failures, not as found)
     * @throws AmbiguousProviderException if several do and none is pinned
     */
    public ExportProvider find(ExportOptions options) {
        Objects.requireNonNull(options, "options");
        String pinnedByUrl = options.get(ExportOptions.PROVIDER_CLASS).orElse(null);
        if (pinnedByUrl != null) {
            return findPinned(pinnedByUrl, options, true);
        }
        if (pin != null) {
            ExportProvider pinned = findPinned(pin, options, false);
            if (pinned != null) {
                return pinned;
            }
        }
        List<ExportProvider> candidates = new ArrayList<>();
        List<ProviderLoadFailure> askFailures = new ArrayList<>();
        List<ExportProvider> failedToAnswer = new ArrayList<>();
        for (ExportProvider provider : providers()) {
            try {
                if (provider.supports(options)) {
                    candidates.add(provider);
                }
            } catch (Throwable e) {
                // One provider's bug (an assert, a stack overflow, a checked exception thrown undeclared by Kotlin
                // code or a "sneaky throw") must not stop the others' URLs; memory is gone for everyone, though.
                rethrowIfOutOfMemory(e);
                ProviderLoadFailure failure = new ProviderLoadFailure(provider.getClass().getName(), e);
                report("Skipping provider whose supports() threw: ", failure);
                askFailures.add(failure);
                failedToAnswer.add(provider);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            List<ProviderLoadFailure> all = new ArrayList<>(failures());
            all.addAll(askFailures);
            String artifact = PROJECT_PROVIDERS.get(options.provider());
            String meant = artifact == null ? nearName(options.provider()) : null;
            throw new ProviderNotFoundException("No provider for '" + options.toUrlBeforeAnyProvider() + "' (provider '"
                    + options.provider() + "'" + (artifact == null ? ""
                            : "; it comes with " + artifact + ": add that artifact to the class path or module path")
                    + (meant == null ? "" : "; did you mean '" + meant + "'?") + ")",
                    describeAvailable(failedToAnswer), all);
        }
        List<String> names = new ArrayList<>();
        for (ExportProvider candidate : candidates) {
            names.add(candidate.getClass().getName());
        }
        throw new AmbiguousProviderException(options.provider(), names);
    }

    /**
     * The pinned provider. A pin of the URL ({@code provider-class}) that does not support the URL, or whose
     * {@code supports()} throws, is an error; the registry's pin then gives {@code null}, so that it settles which
     * provider serves its URLs without barring the registry's other providers from theirs.
     */
    private ExportProvider findPinned(String className, ExportOptions options, boolean byUrl) {
        for (Entry entry : entries) {
            if (entry.typeName.equals(className)) {
                ExportProvider provider = entry.instance();
                if (provider == null) {
                    throw new ProviderNotFoundException("Pinned provider " + className + " failed to load",
                            describeAvailable(), failures());
                }
                boolean supports;
                try {
                    supports = provider.supports(options);
                } catch (Throwable e) {
                    // Any Throwable, as in the usual search: a checked one can come undeclared from a provider.
                    rethrowIfOutOfMemory(e);
                    if (!byUrl) {
                        // As any provider whose supports() throws: the usual search reports and skips it.
                        return null;
                    }
                    ProviderLoadFailure failure = new ProviderLoadFailure(className, e);
                    report("Pinned provider's supports() threw: ", failure);
                    List<ProviderLoadFailure> all = new ArrayList<>(failures());
                    all.add(failure);
                    throw new ProviderNotFoundException("Pinned provider " + className + " failed when asked about '"
                            + options.toUrlBeforeAnyProvider() + "': " + failure.describe(),
                            describeAvailable(List.of(provider)), all);
                }
                if (supports) {
                    return provider;
                }
                if (!byUrl) {
                    return null;
                }
                throw new ProviderNotFoundException("Pinned provider " + className + " ('" + entry.name
                        + "') does not support '" + options.toUrlBeforeAnyProvider() + "'", describeAvailable(),
                        failures());
            }
        }
        throw new ProviderNotFoundException("Pinned provider class '" + className + "' was not found",
                describeAvailable(), failures());
    }

    /**
     * Parses a URL and opens an exporter with the provider that serves it.
     *
     * @param url e.g. {@code d1:sqlite:app.sqlite}
     * @return a new exporter; close it
     */
    public Exporter open(String url) {
        return open(ExportOptions.parse(url));
    }

    /**
     * Parses a URL, adds properties (e.g. secrets), and opens an exporter.
     *
     * @param url        e.g. {@code d1:cloudflare://<account>/<database>}
     * @param properties more options; they take precedence over the URL's query
     * @return a new exporter; close it
     */
    public Exporter open(String url, Map<String, String> properties) {
        return open(ExportOptions.parse(url, properties));
    }

    /**
     * Opens an exporter for options.
     *
     * @param options the options
     * @return a new exporter; close it
     * @throws ExportConfigurationException also when the provider cannot create one because a class it needs is
     *                                      missing or does not match (a dependency left off the class path)
     */
    public Exporter open(ExportOptions options) {
        ExportProvider provider = find(options);
        refuseDeclaredSecretsInTheUrl(provider, options);
        Exporter exporter;
        try {
            exporter = provider.create(options);
        } catch (LinkageError | java.util.ServiceConfigurationError e) {
            // A provider found but without its dependencies fails here, not when it loaded: name it and the class.
            throw new ExportConfigurationException("Provider '" + provider.name() + "' (" + provider.getClass().getName()
                    + ") cannot create an exporter, as " + linkageProblem(e), e);
        }
        if (exporter == null) {
            // Caught here, naming the provider, not as a bare NullPointerException in the caller's try-with-resources.
            throw new ExportConfigurationException("Provider '" + provider.name() + "' ("
                    + provider.getClass().getName() + ") returned no exporter from create()");
        }
        return exporter;
    }

    /**
     * Refuses a URL that carries an option the provider declares secret. {@link ExportOptions#parse(String)} refuses
     * the names it knows to be secret, but a provider's own {@link ExportOption#secret(String)} names are known only
     * once its class has loaded, which may be after the URL was parsed: they are checked here, before the provider
     * gets the options, so that whether a URL is refused does not depend on which class loaded first.
     */
    private static void refuseDeclaredSecretsInTheUrl(ExportProvider provider, ExportOptions options) {
        List<ExportOption<?>> supported;
        try {
            supported = provider.supportedOptions();
        } catch (Throwable e) {
            // Any Throwable, a checked one thrown undeclared included, but out of memory. The provider's create()
            // meets the same failure and reports it as its own; logged, as its declared secrets go unchecked here.
            rethrowIfOutOfMemory(e);
            report("Provider's supportedOptions() threw; its declared secrets were not checked in the URL: ",
                    new ProviderLoadFailure(provider.getClass().getName(), e));
            return;
        }
        for (ExportOption<?> option : supported == null ? List.<ExportOption<?>>of() : supported) {
            if (option != null && option.sensitive() && options.fromUrl(option.name())) {
                throw new InvalidExportUrlException(options.toUrl(), "query", "option '" + option.name() + "' "
                        + Secrets.NOT_IN_URL);
            }
        }
    }

    /** What a linkage error of a provider's {@code create()} means: a missing library, or a class that failed. */
    private static String linkageProblem(Throwable e) {
        if (e instanceof ExceptionInInitializerError) {
            return "a class of it failed to initialise: " + (e.getCause() != null ? e.getCause() : e);
        }
        if (e instanceof NoClassDefFoundError
                && String.valueOf(e.getMessage()).startsWith("Could not initialize class")) {
            // The JVM's answer after a class failed to initialise once: not a missing library.
            return "a class of it failed to initialise earlier in this JVM: " + e;
        }
        return "a class it needs is missing or does not match: " + e + "; put the libraries its jar depends on on the"
                + " class path or module path";
    }

    /**
     * The name of a provider found, or of one this project ships, one slip (a letter added, left out, changed or two
     * swapped) from the name asked for; {@code null} when there is none, or more than one.
     */
    private String nearName(String asked) {
        java.util.Set<String> near = new java.util.TreeSet<>();
        List<String> known = new ArrayList<>(PROJECT_PROVIDERS.keySet());
        for (Entry entry : entries) {
            if (entry.instance() != null) {
                known.add(entry.name);
            }
        }
        for (String name : known) {
            if (oneSlipApart(asked, name)) {
                near.add(name);
            }
        }
        return near.size() == 1 ? near.iterator().next() : null;
    }

    private static boolean oneSlipApart(String a, String b) {
        if (a.equals(b) || Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        if (a.length() == b.length()) {
            int first = -1;
            int diffs = 0;
            for (int i = 0; i < a.length(); i++) {
                if (a.charAt(i) != b.charAt(i)) {
                    diffs++;
                    first = first < 0 ? i : first;
                }
            }
            // One letter changed, or two neighbours swapped.
            return diffs == 1 || (diffs == 2 && first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1)
                    && a.charAt(first + 1) == b.charAt(first)
                    && a.substring(first + 2).equals(b.substring(first + 2)));
        }
        String shorter = a.length() < b.length() ? a : b;
        String longer = a.length() < b.length() ? b : a;
        for (int i = 0; i < longer.length(); i++) {
            if ((longer.substring(0, i) + longer.substring(i + 1)).equals(shorter)) {
                return true;
            }
        }
        return false;
    }

    private List<String> describeAvailable() {
        return describeAvailable(List.of());
    }

    /**
     * The providers found, as {@code name (class)}, but those whose {@code supports()} threw for this lookup: they
     * are listed among its failures, with the reason, and listing them as found too would say they could serve.
     * Matched by identity: a provider's own {@code equals} is foreign code, and two instances of a class may differ.
     */
    private List<String> describeAvailable(List<ExportProvider> failedToAnswer) {
        List<String> names = new ArrayList<>();
        for (Entry entry : entries) {
            ExportProvider provider = entry.instance();
            if (provider != null && failedToAnswer.stream().noneMatch(failed -> failed == provider)) {
                names.add(entry.name + " (" + entry.typeName + ")");
            }
        }
        return names;
    }

    private static void rethrowIfOutOfMemory(Throwable e) {
        if (e instanceof OutOfMemoryError oom) {
            throw oom;
        }
    }

    @Override
    public String toString() {
        return "ProviderRegistry{providers=" + describeAvailable() + ", failures=" + failures().size()
                + (pin == null ? "" : ", pin=" + pin) + "}";
    }

    /**
     * A discovered or added provider: its type is known without instantiating it; the instance is made once, on
     * demand, and counts only if it has a name, asked once: every message names providers, so one whose
     * {@code name()} throws or gives nothing is a failure to load, not a crash of every later lookup.
     */
    private static final class Entry {
        private final String typeName;
        private final ServiceLoader.Provider<ExportProvider> handle;
        private final ExportProvider added;
        private ExportProvider instance;
        private String name;
        private ProviderLoadFailure failure;
        private boolean attempted;

        Entry(String typeName, ServiceLoader.Provider<ExportProvider> handle, ExportProvider added) {
            this.typeName = typeName;
            this.handle = handle;
            this.added = added;
        }

        synchronized ProviderLoadFailure failure() {
            return failure;
        }

        synchronized ExportProvider instance() {
            if (!attempted) {
                attempted = true;
                try {
                    ExportProvider candidate = added != null ? added : handle.get();
                    String named = candidate.name();
                    if (named == null || named.isBlank()) {
                        throw new IllegalStateException("its name() returned " + (named == null ? "null" : "a blank"
                                + " name"));
                    }
                    if (!UrlParser.isProviderName(named)) {
                        // No URL could select it (URLs are lower-cased): listing it as usable would mislead.
                        // Shown only when short and printable: a name is no secret, but it is still foreign text.
                        String shown = named.length() <= 32 && named.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                                ? "'" + named + "'" : "of " + named.length() + " characters";
                        throw new IllegalStateException("its name() " + shown + " is not a provider name (at most 32"
                                + " lower-case letters, digits, '.', '_' or '-', starting with a letter), so no URL"
                                + " can select it");
                    }
                    name = named;
                    instance = candidate;
                } catch (Throwable e) {
                    // Any Throwable: a name() in Kotlin or with a "sneaky throw" can throw a checked one undeclared.
                    rethrowIfOutOfMemory(e);
                    failure = new ProviderLoadFailure(typeName, e);
                    report(SKIPPING, failure);
                }
            }
            return instance;
        }
    }

    /**
     * Logs a failure with its stack trace at WARNING the first time this JVM sees that provider fail that way, later
     * at DEBUG. Keyed on the provider, not the error's text: a class whose static initialiser failed throws one
     * error the first time and another ("Could not initialize class") every time after.
     */
    private static void report(String what, ProviderLoadFailure failure) {
        String key = what + failure.provider();
        boolean first = REPORTED.size() < MAX_REPORTED ? REPORTED.add(key) : !REPORTED.contains(key);
        String message = what + failure.describe();
        LOG.log(first ? Level.WARNING : Level.DEBUG, message + (first ? "" : " (reported before)"), failure.error());
    }

    /** Builds a {@link ProviderRegistry}. */
    public static final class Builder {

        private ClassLoader classLoader = ExportProvider.class.getClassLoader();
        private boolean discover = true;
        private String pin;
        private final List<ExportProvider> extra = new ArrayList<>();

        private Builder() {
        }

        /**
         * Searches this class loader (default: the SPI's own).
         *
         * @param classLoader the loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * Whether to search the class loader with {@link ServiceLoader} (default {@code true}); turn off to use only
         * {@link #provider(ExportProvider) added} providers.
         *
         * @param discover {@code false} to skip discovery
         * @return this builder
         */
        public Builder discover(boolean discover) {
            this.discover = discover;
            return this;
        }

        /**
         * Adds a provider instance, found before discovered ones. It hides a discovered provider of the same class
         * (by class name), which is then not even instantiated: adding a configured instance, e.g.
         * {@code CloudflareExportProvider.builder().httpClient(client).build()}, replaces the one on the class path
         * rather than clashing with it. A provider of another class that claims the same URL still makes the URL
         * ambiguous (see {@link #pin(String)}), and so do two added instances of one class.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder provider(ExportProvider provider) {
            extra.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Pins the provider class to use, by its fully qualified name, for every URL it supports, whatever else
         * claims them; URLs it does not support are left to the usual search. A pin that names no provider found,
         * or one that failed to load, is an error on every lookup. A URL's own {@link ExportOptions#PROVIDER_CLASS}
         * takes precedence.
         *
         * @param className e.g. {@code com.example.MyCloudflareProvider}
         * @return this builder
         */
        public Builder pin(String className) {
            this.pin = Objects.requireNonNull(className, "className");
            return this;
        }

        /**
         * Pins the provider class to use (see {@link #pin(String)}).
         *
         * @param type the provider class
         * @return this builder
         */
        public Builder pin(Class<? extends ExportProvider> type) {
            return pin(type.getName());
        }

        /**
         * Loads the registry.
         *
         * @return the registry
         */
        public ProviderRegistry build() {
            List<Entry> entries = new ArrayList<>();
            for (ExportProvider provider : extra) {
                entries.add(new Entry(provider.getClass().getName(), null, provider));
            }
            List<ProviderLoadFailure> failures = new ArrayList<>();
            if (discover) {
                discover(entries, failures);
            }
            for (ProviderLoadFailure failure : failures) {
                report(SKIPPING, failure);
            }
            return new ProviderRegistry(entries, failures, pin);
        }

        private void discover(List<Entry> entries, List<ProviderLoadFailure> failures) {
            ServiceLoader<ExportProvider> loader = ServiceLoader.load(ExportProvider.class, classLoader);
            // The stream's iterator re-asks the lazy lookup after a ServiceConfigurationError, so one broken entry
            // does not hide the ones after it.
            Iterator<ServiceLoader.Provider<ExportProvider>> it = loader.stream().iterator();
            int errors = 0;
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    ServiceLoader.Provider<ExportProvider> handle = it.next();
                    String type = handle.type().getName();
                    // An added instance stands for its class: the discovered one is neither kept nor instantiated.
                    if (entries.stream().noneMatch(e -> e.handle == null && e.typeName.equals(type))) {
                        entries.add(new Entry(type, handle, null));
                    }
                } catch (ServiceConfigurationError | LinkageError e) {
                    ProviderLoadFailure failure = new ProviderLoadFailure(describeEntry(e), e);
                    // The JDK looks up the service file of a jar without module-info on the module path twice, as
                    // the automatic module's 'provides' and as a resource, so a class it names that is missing fails
                    // twice with the same text: listed twice, it would read as two broken entries.
                    if (failures.stream().noneMatch(f -> f.provider().equals(failure.provider()))) {
                        failures.add(failure);
                    }
                    if (++errors >= MAX_LOAD_ERRORS) {
                        break;
                    }
                }
            }
        }

        private static String describeEntry(Throwable e) {
            String message = e.getMessage();
            return message == null ? e.getClass().getName() : message;
        }
    }
}
