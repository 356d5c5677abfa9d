package dev.d1export.cli.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line read before picocli parses it (the provider logs' level, set up before the command runs) or when
 * picocli could not ({@code --json} on a usage error, and the export's URL when picocli stopped before it), the way
 * picocli reads it, so that the two never disagree:
 * <ul>
 * <li>after {@code --} every word is an argument, never an option ({@code -- --json} asks for no JSON);</li>
 * <li>a flag is on alone ({@code --verbose}, {@code -v}), in a cluster of short options ({@code -qv}), or with the
 * value {@code true} in any case attached ({@code --verbose=true}, {@code -v=TRUE}); {@code =false} leaves it off;</li>
 * <li>an option that takes a value ({@code -o}, {@code -t}, {@code --timeout}, ...) takes the rest of its cluster
 * ({@code -vo file}, {@code -tv}) or the next word, which is then never read as a flag ({@code -t -qv} names the
 * table {@code -qv}); unless picocli would refuse that word as the value for looking like an option, in which case
 * the word counts as the option picocli says it found ({@code -o --json} is a usage error naming {@code --json}).</li>
 * </ul>
 * The options are those of {@code export} (only it has options that take a value); {@code @file} arguments are not
 * expanded, as picocli is told not to.
 */
public final class CommandLineScan {

    /** The export command's options that take a value. */
    private static final Set<String> VALUE_OPTIONS = Set.of("-t", "--table", "-o", "--output", "--timeout",
            "--token-file", "--progress", "--unmatched-tables");

    /** The flags (no value, or an attached {@code true}/{@code false}), short names with their long names. */
    private static final Map<Character, String> SHORT_FLAGS = Map.of('q', "--quiet", 'v', "--verbose", 'h', "--help",
            'V', "--version");

    private static final Set<String> LONG_FLAGS = Set.of("--quiet", "--verbose", "--help", "--version", "--json",
            "--no-sync", "--no-data", "--no-schema");

    /** Every option name of the export command: a word picocli will not take as another option's value. */
    private static final Set<String> NAMES;

    static {
        Set<String> names = new HashSet<>(VALUE_OPTIONS);
        names.addAll(LONG_FLAGS);
        SHORT_FLAGS.keySet().forEach(c -> names.add("-" + c));
        NAMES = Set.copyOf(names);
    }

    private final Set<String> on = new HashSet<>();
    private final List<String> arguments = new ArrayList<>();
    private final List<String> afterOptionsEnd = new ArrayList<>();

    private CommandLineScan(String[] args) {
        boolean optionsEnded = false;
        boolean export = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                if (arguments.isEmpty()) {
                    // The command's name: only export has options that take a value.
                    export = arg.equals("export");
                }
                arguments.add(arg);
                if (optionsEnded) {
                    afterOptionsEnd.add(arg);
                }
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg : arg.substring(0, equals);
                if (LONG_FLAGS.contains(name)) {
                    flag(name, equals < 0 ? null : arg.substring(equals + 1));
                } else if (export && equals < 0 && VALUE_OPTIONS.contains(name) && i + 1 < args.length
                        && takesAsValue(name, args[i + 1])) {
                    i++;
                }
            } else {
                // A cluster of short options, as picocli reads it: flags, then perhaps one option that takes the rest
                // (or the next word) as its value. A letter that is no option ends it (picocli: a usage error).
                for (int j = 1; j < arg.length(); j++) {
                    char c = arg.charAt(j);
                    String name = "-" + c;
                    if (export && VALUE_OPTIONS.contains(name)) {
                        if (j == arg.length() - 1 && i + 1 < args.length && takesAsValue(name, args[i + 1])) {
                            i++;
                        }
                        break;
                    }
                    String flag = SHORT_FLAGS.get(c);
                    if (flag == null) {
                        break;
                    }
                    if (j + 1 < arg.length() && arg.charAt(j + 1) == '=') {
                        flag(flag, arg.substring(j + 2));
                        break;
                    }
                    flag(flag, null);
                }
            }
        }
    }

    /**
     * Reads a command line.
     *
     * @param args the command line, as {@code main} gets it
     * @return what it asks for
     */
    public static CommandLineScan of(String... args) {
        return new CommandLineScan(args);
    }

    /**
     * Whether the command line turns a flag on: given alone, in a cluster, or as {@code <name>=true} (any case).
     *
     * @param longName the flag's long name, e.g. {@code --verbose} (its short name, if any, is found too)
     * @return whether picocli would find it on
     */
    public boolean on(String longName) {
        return on.contains(longName);
    }

    /**
     * The words that are neither options nor their values: the command's name, its arguments (the export's URL), and
     * everything after {@code --}.
     *
     * @return the arguments, in order
     */
    public List<String> arguments() {
        return List.copyOf(arguments);
    }

    /**
     * The words after the {@code --} that ends the options: arguments all, however much they look like options.
     *
     * @return the words, in order; empty without {@code --}
     */
    public List<String> afterOptionsEnd() {
        return List.copyOf(afterOptionsEnd);
    }

    private void flag(String name, String value) {
        // picocli turns a flag on without a value or with "true" in any case; "false" leaves it off, and any other
        // value is a usage error.
        if (value == null || value.equalsIgnoreCase("true")) {
            on.add(name);
        }
    }

    /**
     * Whether picocli takes {@code next} as the value of {@code option}: not if it looks like an option (picocli then
     * reports the option as missing its value). {@code -t/--table} has a check of its own, {@link AttachedTableName}.
     * {@link UsageErrorMessage} asks it too, to tell a secret option's value from an option given in its place.
     */
    static boolean takesAsValue(String option, String next) {
        int equals = next.indexOf('=');
        if (next.equals("--") || NAMES.contains(next)) {
            return false;
        }
        if (option.equals("-t") || option.equals("--table")) {
            return !(next.startsWith("-") && equals >= 0 && NAMES.contains(next.substring(0, equals)));
        }
        return !(equals > 0 && NAMES.contains(next.substring(0, equals))
                || next.length() > 2 && next.startsWith("-") && isShortOption(next.charAt(1)));
    }

    private static boolean isShortOption(char c) {
        return SHORT_FLAGS.containsKey(c) || c == 't' || c == 'o';
    }
}
