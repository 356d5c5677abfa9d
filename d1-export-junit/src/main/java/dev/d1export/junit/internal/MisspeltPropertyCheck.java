package dev.d1export.junit.internal;

import dev.d1export.junit.D1Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Finds provider option keys of the configuration that are one slip away from an option a provider reads, such as
 * {@code d1.snapshot.property.api_token} for {@code api-token} or {@code D1_SNAPSHOT_PROPERTY_LOSLESS}: the
 * extension passes each provider only the options it declares, so such a key would be ignored without a word, and a
 * missing token would turn integration tests into skips in a green build.
 *
 * <p>A key that resembles no option is left alone: a configuration shared by several modules may set options of a
 * provider that this test class path does not have; and {@code d1.snapshot.property-check=off} turns the check off
 * for a key that is meant and still resembles one. JUnit does not list its configuration parameters to extensions,
 * so the keys are read where they are usually set: system properties, the first {@code junit-platform.properties} on
 * the class path (the one JUnit reads) and the environment. A launcher's own parameters (Maven Surefire's
 * {@code <configurationParameters>}, EngineTestKit's) are in none of these, so the usual slips of each option
 * ({@link #slips}) are also asked for by name ({@link #checkParameters}).
 */
final class MisspeltPropertyCheck {

    private MisspeltPropertyCheck() {
    }

    /**
     * Throws for the first configured key that is a slip of a known option.
     *
     * @param known       the option names the providers found declare
     * @param properties  system properties and {@code junit-platform.properties} keys
     * @param environment environment variable names
     * @param lookup      the extension's look-up of a variable ({@link System#getenv(String)}), which tells whether a
     *                    name in another case is the variable it reads
     * @throws ExtensionConfigurationException naming the key and the option it resembles
     */
    static void check(Set<String> known, Collection<String> properties, Collection<String> environment,
            UnaryOperator<String> lookup) {
        for (String key : new TreeSet<>(properties)) {
            if (!key.startsWith(D1Snapshot.PROPERTY_PREFIX)) {
                continue;
            }
            String name = key.substring(D1Snapshot.PROPERTY_PREFIX.length());
            if (!known.contains(name)) {
                resembled(name, known).ifPresent(option -> {
                    throw new ExtensionConfigurationException("Configuration parameter '" + key + "' is not an"
                            + " option of any provider found, so it would be ignored; did you mean '"
                            + D1Snapshot.PROPERTY_PREFIX + option + "'?");
                });
            }
        }
        for (String variable : new TreeSet<>(environment)) {
            String upper = variable.toUpperCase(Locale.ROOT);
            if (!upper.startsWith(D1Snapshot.PROPERTY_ENVIRONMENT_PREFIX)
                    || known.stream().anyMatch(o -> readAs(variable, SnapshotSettings.environmentName(o),
                            environment, lookup))) {
                continue;
            }
            String name = variable.substring(D1Snapshot.PROPERTY_ENVIRONMENT_PREFIX.length());
            resembled(name, known).ifPresent(option -> {
                throw new ExtensionConfigurationException("Environment variable '" + variable + "' is not an"
                        + " option of any provider found, so it would be ignored; did you mean '"
                        + SnapshotSettings.environmentName(option) + "'?");
            });
        }
    }

    /**
     * Whether the extension's look-up of an option's variable reads this variable: it is that name, or that name in
     * another case where the environment finds names whatever their case (Windows finds
     * {@code D1_SNAPSHOT_PROPERTY_Api_Token} as {@code D1_SNAPSHOT_PROPERTY_API_TOKEN}; Linux and macOS do not, and
     * there such a variable would be ignored).
     */
    private static boolean readAs(String variable, String name, Collection<String> environment,
            UnaryOperator<String> lookup) {
        if (variable.equals(name)) {
            return true;
        }
        // Found under the name while no variable has that exact name: the look-up ignores case. (System.getenv()'s
        // map does not tell: it is case-sensitive on Windows too.)
        return variable.equalsIgnoreCase(name) && !environment.contains(name) && lookup.apply(name) != null;
    }

    /**
     * Throws for the first of the usual slips of a known option that the run's configuration parameters hold. These
     * are asked for by name, as an extension can only ask: the forms of each option with its separators as
     * {@code -}, {@code _}, {@code .} or none, in lower case, upper case or with capitals ({@code Api-Token}), a
     * dozen names an option. A misspelt letter ({@code api-tokn}, {@code losless}) set only as a launcher's parameter
     * goes unnoticed: asking for every such name (about 45,000 for the shipped providers' options) took up to a
     * third of a second a run, too much for a check.
     *
     * @param known      the option names the providers found declare
     * @param parameters the run's configuration parameters, by key
     * @throws ExtensionConfigurationException naming the key and the option it resembles
     */
    static void checkParameters(Set<String> known, Function<String, Optional<String>> parameters) {
        for (String option : new TreeSet<>(known)) {
            for (String name : slips(option)) {
                String key = D1Snapshot.PROPERTY_PREFIX + name;
                if (!known.contains(name) && parameters.apply(key).isPresent()) {
                    // Named as the check of listed keys names it: the closest option, which may be another one.
                    String meant = resembled(name, known).orElse(option);
                    throw new ExtensionConfigurationException("Configuration parameter '" + key + "' is not an"
                            + " option of any provider found, so it would be ignored; did you mean '"
                            + D1Snapshot.PROPERTY_PREFIX + meant + "'?");
                }
            }
        }
    }

    /**
     * The usual slips of an option's name, as {@link #checkParameters} lists them, in a stable order; the option
     * itself among them.
     */
    static Set<String> slips(String option) {
        String lower = option.toLowerCase(Locale.ROOT);
        Set<String> slips = new LinkedHashSet<>();
        for (String separator : List.of("-", "_", ".", "")) {
            String form = lower.replaceAll("[-_.]", Matcher.quoteReplacement(separator));
            slips.add(form);
            slips.add(form.toUpperCase(Locale.ROOT));
            slips.add(capitalized(form, separator));
        }
        return slips;
    }

    private static String capitalized(String form, String separator) {
        if (separator.isEmpty()) {
            return form.isEmpty() ? form : Character.toUpperCase(form.charAt(0)) + form.substring(1);
        }
        StringBuilder sb = new StringBuilder();
        for (String part : form.split(Pattern.quote(separator), -1)) {
            if (sb.length() > 0) {
                sb.append(separator);
            }
            sb.append(part.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return sb.toString();
    }

    /** The system property names and the keys of the {@code junit-platform.properties} JUnit reads. */
    static List<String> configuredKeys() {
        List<String> keys = new ArrayList<>(System.getProperties().stringPropertyNames());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = MisspeltPropertyCheck.class.getClassLoader();
        }
        try {
            URL file = loader == null ? null : loader.getResource("junit-platform.properties");
            if (file != null) {
                Properties properties = new Properties();
                try (InputStream in = file.openStream()) {
                    properties.load(in);
                }
                keys.addAll(properties.stringPropertyNames());
            }
        } catch (IOException | RuntimeException e) {
            // JUnit reports an unreadable file itself; this check only looks for slips.
        }
        return keys;
    }

    /** The environment's variable names. */
    static Set<String> environmentNames() {
        Map<String, String> environment = System.getenv();
        return environment.keySet();
    }

    /**
     * The option a name is a slip of: the same letters but for case and separators, or, for names longer than five
     * letters, one letter added, removed or changed; the closest one when several are. Kept this narrow because a
     * false alarm fails a whole run: {@code mail} or {@code account} may be another provider's options.
     */
    static Optional<String> resembled(String name, Set<String> known) {
        String plain = plain(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String option : new TreeSet<>(known)) {
            String target = plain(option);
            int distance = plain.equals(target) ? 0 : distance(plain, target);
            int allowed = target.length() <= 5 ? 0 : 1;
            if (distance <= allowed && distance < bestDistance) {
                best = option;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String plain(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
