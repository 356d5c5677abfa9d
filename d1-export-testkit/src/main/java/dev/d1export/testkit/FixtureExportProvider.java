package dev.d1export.testkit;

import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidExportUrlException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Provider {@code fixture}: serves a canned SQL file as the dump, through the same atomic writer as the real
 * providers, and records each request in a {@link FixtureJournal}. The mock provider to swap in for tests.
 *
 * <ul>
 *   <li>{@code d1:fixture:classpath:snapshots/users.sql}: a resource of the context class loader (else this module's);</li>
 *   <li>{@code d1:fixture:file:path/to/users.sql}: a file.</li>
 * </ul>
 * Options: {@code journal} (where requests are recorded), {@code delay} (how long the export takes, e.g.
 * {@code 200ms}; interruptible), {@code fail} (make the export fail with a given family of error, see
 * {@link FixtureFailure}), {@code auth=required} (see {@link FixtureAuth}; fail with a
 * {@link dev.d1export.spi.MissingCredentialsException} unless the {@code api-token} option is set and not blank, as
 * the cloudflare provider does), {@code bookmark} (the bookmark to report).
 */
public final class FixtureExportProvider implements ExportProvider {

    /** The provider name. */
    public static final String NAME = "fixture";

    /** Where requests are recorded: the name of a {@link FixtureJournal}. */
    public static final ExportOption<String> JOURNAL = ExportOption.string("journal");

    /** How long each export takes before it writes (interruptible). */
    public static final ExportOption<Duration> DELAY = ExportOption.duration("delay");

    /** Makes each export fail with this family of error. */
    public static final ExportOption<FixtureFailure> FAIL = ExportOption.choice("fail", FixtureFailure.class);

    /**
     * {@code auth=required} makes the provider demand {@link #API_TOKEN}, like a remote provider; {@code none} (the
     * default) does not. Any other value is refused when the exporter is opened.
     */
    public static final ExportOption<FixtureAuth> AUTH = ExportOption.choice("auth", FixtureAuth.class);

    /** A token, checked only for presence when {@code auth=required}. */
    public static final ExportOption<String> API_TOKEN = ExportOption.secret("api-token");

    /** The bookmark reported in results. */
    public static final ExportOption<String> BOOKMARK = ExportOption.string("bookmark");

    private static final List<ExportOption<?>> OPTIONS = List.of(JOURNAL, DELAY, FAIL, AUTH, API_TOKEN, BOOKMARK);

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public FixtureExportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Names the provider, as lists of providers show it (it has no state of its own).
     *
     * @return {@code FixtureExportProvider{fixture}}
     */
    @Override
    public String toString() {
        return "FixtureExportProvider{" + name() + "}";
    }

    @Override
    public String description() {
        return "Canned SQL as the dump, for tests: d1:fixture:classpath:<resource> or d1:fixture:file:<path>";
    }

    @Override
    public List<ExportOption<?>> supportedOptions() {
        return OPTIONS;
    }

    @Override
    public Exporter create(ExportOptions options) {
        Objects.requireNonNull(options, "options").requireKnown(OPTIONS);
        String target = options.target();
        if (!target.startsWith("classpath:") && !target.startsWith("file:")) {
            throw new InvalidExportUrlException(options.toUrl(), "provider part",
                    "expected classpath:<resource> or file:<path>, got '" + ExportOptions.redactTarget(target) + "'");
        }
        String location = target.substring(target.indexOf(':') + 1);
        if (location.isEmpty()) {
            throw new InvalidExportUrlException(options.toUrl(), "path", "the "
                    + target.substring(0, target.indexOf(':')) + " location is empty");
        }
        // Converted here, so that a bad value is a configuration error of the open, not of the first export.
        options.get(DELAY);
        options.get(FAIL);
        options.get(AUTH);
        return new FixtureExporter(options);
    }
}
