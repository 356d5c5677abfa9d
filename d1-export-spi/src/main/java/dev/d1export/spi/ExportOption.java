package dev.d1export.spi;

import dev.d1export.spi.internal.ControlCharacters;
import dev.d1export.spi.internal.Secrets;
import dev.d1export.spi.internal.UrlParser;
import dev.d1export.spi.internal.ValueParsers;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A typed, named option, read from {@link ExportOptions} with {@link ExportOptions#get(ExportOption)}. Options arrive
 * as strings (URL query parameters or properties) and are converted on read; a bad value gives an
 * {@link InvalidOptionException} that names the option and, unless it is {@linkplain #sensitive() sensitive} or the
 * options never show it (see {@link ExportOptions#isSecret(String)}), the value, with the user info of a URL masked
 * as {@link ExportOptions#toString()} masks it and a word that looks like a pasted token (more than 32 letters, digits,
 * {@code -} and {@code _}, not a UUID) shown as {@code ****}, and each control character (a line break, an escape)
 * written as a backslash, {@code u} and four hex digits, as {@link InvalidExportUrlException} writes it in a URL.
 *
 * <p>Sensitive options (tokens, keys) are redacted in every {@code toString} and message and are refused in URLs.
 *
 * @param <T> the value type
 */
public final class ExportOption<T> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*([.-][a-z0-9]+)*");

    private final String name;
    private final Class<T> type;
    private final boolean sensitive;
    private final Function<String, T> parser;
    private final String expected;

    private ExportOption(String name, Class<T> type, boolean sensitive, Function<String, T> parser, String expected) {
        this.name = validName(name);
        this.type = type;
        this.sensitive = sensitive;
        this.parser = parser;
        this.expected = expected;
        if (sensitive) {
            // Options are shown before any provider is asked (a URL without a provider, a log line): by name.
            Secrets.declare(this.name);
        }
    }

    private static String validName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Option name '" + name
                    + "' must be lower case words separated by '-' or '.', e.g. 'column-list'");
        }
        return name;
    }

    /**
     * A text option.
     *
     * @param name the option's name, e.g. {@code base-url}
     * @return the option
     */
    public static ExportOption<String> string(String name) {
        return new ExportOption<>(name, String.class, false, Function.identity(), "text");
    }

    /**
     * A secret text option (a token, a key): redacted everywhere, refused in URLs. Creating it also marks its name
     * secret in every {@link ExportOptions} of this JVM, so a value given under it is masked even before a provider
     * is asked.
     *
     * @param name the option's name, e.g. {@code api-token}
     * @return the option
     * @throws IllegalStateException if 1024 other names were declared secret in this JVM: declare secret options
     *                               once, as constants (a name that could not be marked is refused, not left shown)
     */
    public static ExportOption<String> secret(String name) {
        return new ExportOption<>(name, String.class, true, Function.identity(), "text");
    }

    /**
     * A boolean option: {@code true}/{@code false} (also {@code yes}/{@code no}, {@code on}/{@code off},
     * {@code 1}/{@code 0}), case-insensitive.
     *
     * @param name the option's name
     * @return the option
     */
    public static ExportOption<Boolean> bool(String name) {
        return new ExportOption<>(name, Boolean.class, false, ValueParsers::parseBoolean,
                "true or false (also yes/no, on/off, 1/0)");
    }

    /**
     * A whole-number option.
     *
     * @param name the option's name
     * @return the option
     */
    public static ExportOption<Long> number(String name) {
        return new ExportOption<>(name, Long.class, false, ValueParsers::parseWhole, "a whole number");
    }

    /**
     * A decimal-number option, such as a factor ({@code 1.5}); infinities and NaN are refused, and so is a number
     * other than zero too small to be told from zero ({@code 1e-400}): it is never read as {@code 0}.
     *
     * @param name the option's name
     * @return the option
     */
    public static ExportOption<Double> decimal(String name) {
        return new ExportOption<>(name, Double.class, false, ValueParsers::parseDecimal, "a decimal number");
    }

    /**
     * A duration option: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, an ISO-8601 duration
     * ({@code PT30S}), or a bare number of seconds; a fraction is allowed ({@code 1.5s}, {@code 0.25}). Negative
     * values are refused, and so is a value finer than a nanosecond ({@code 0.0000000001s}, as {@code PT0.0000000001S}
     * is): it is never rounded, to zero or to anything else.
     *
     * @param name the option's name
     * @return the option
     */
    public static ExportOption<Duration> duration(String name) {
        return new ExportOption<>(name, Duration.class, false, ValueParsers::parseDuration,
                "a duration such as 500ms, 30s, 5m, 2h or PT30S");
    }

    /**
     * A duration as a {@link #duration(String) duration option} is written, in its largest whole unit
     * ({@code 400ms}, {@code 90s}, {@code 10m}, {@code 2h}), for messages that name a timeout as the user set it. A
     * duration that is not a whole number of milliseconds is shown exactly, with a fraction ({@code 0.0005ms},
     * {@code 1.5ms}), never rounded.
     *
     * @param duration a non-negative duration
     * @return the text, which such an option reads back
     * @throws IllegalArgumentException if the duration is negative
     */
    public static String durationText(Duration duration) {
        return ValueParsers.formatDuration(duration);
    }

    /**
     * An option whose values map to an enum's constants, matched case-insensitively with {@code -} for {@code _}.
     *
     * @param name the option's name
     * @param type the enum
     * @param <E>  the enum type
     * @return the option
     */
    public static <E extends Enum<E>> ExportOption<E> choice(String name, Class<E> type) {
        StringBuilder names = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(ValueParsers.enumName(constant));
        }
        return new ExportOption<>(name, type, false, value -> ValueParsers.parseEnum(type, value),
                "one of " + names);
    }

    /**
     * The option's name, as written in URLs and property maps.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The type values are converted to.
     *
     * @return the value type
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Whether the option holds a secret.
     *
     * @return {@code true} for tokens, keys and the like
     */
    public boolean sensitive() {
        return sensitive;
    }

    /**
     * What a valid value looks like, for messages and listings.
     *
     * @return e.g. {@code true or false}
     */
    public String expected() {
        return expected;
    }

    /**
     * Converts a raw value.
     *
     * @param raw the string value
     * @return the typed value
     * @throws InvalidOptionException if the value is not valid for this option
     * @throws NullPointerException if {@code raw} is {@code null}, naming this option
     */
    public T convert(String raw) {
        return convert(raw, Secrets.isSecret(name));
    }

    /**
     * Converts a raw value that {@link ExportOptions} holds; {@code secret} says whether it never shows that value
     * (a name that looks secret, a value set with {@link ExportOptions.Builder#secret(String, String)}).
     */
    T convert(String raw, boolean secret) {
        // Up front: a null reaching the catch block below would fail again there, with a JDK-internal message.
        Objects.requireNonNull(raw, () -> "raw (value of option '" + name + "')");
        try {
            T value = parser.apply(raw.trim());
            if (value == null) {
                throw new IllegalArgumentException("no value");
            }
            return value;
        } catch (RuntimeException e) {
            // Shown as ExportOptions.toString() shows it: never a secret, nor a token pasted into the wrong option
            // or the user info of a URL given as the value; and with control characters escaped, as a URL is in
            // InvalidExportUrlException (%0A in a query value would forge a log line).
            String shown = sensitive || secret ? ""
                    : " '" + ControlCharacters.escape(UrlParser.maskSecretLikeTarget(UrlParser.redactValue(raw))) + "'";
            // A reason the parser gave on purpose never holds the value, so it is shown even for a secret.
            String why = e instanceof ValueParsers.Refusal ? e.getMessage() + "; " : "";
            throw new InvalidOptionException("Option '" + name + "' has an invalid value" + shown + ": " + why
                    + "expected " + expected);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExportOption<?> other && name.equals(other.name) && type.equals(other.type)
                && sensitive == other.sensitive;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, sensitive);
    }

    @Override
    public String toString() {
        return name + (sensitive ? " (secret)" : "");
    }
}
