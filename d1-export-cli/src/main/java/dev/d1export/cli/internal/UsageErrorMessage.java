package dev.d1export.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one-line message of a command-line usage error, without what could be a secret: a user who passes a token as
 * an argument ({@code --token tok-...}, {@code --api-token=tok-...}, or a stray word) must not see it printed back
 * into a terminal, a CI log or a {@code --json} file. Unknown options are named by their {@code --name} part only;
 * a misspelt command (a short lowercase word in the command's place) is named; other unmatched arguments are
 * counted, never shown. The value given to a known option is shown (it is what the user has to correct), unless it
 * follows a secret-sounding option name.
 */
public final class UsageErrorMessage {

    /** What an option name looks like; anything else in the unmatched list is treated as a value. */
    private static final Pattern OPTION_NAME = Pattern.compile("--[A-Za-z][A-Za-z0-9_-]{0,39}|-[A-Za-z]");

    /** What a misspelt command looks like: a short lowercase word, unlike a token or a URL. */
    private static final Pattern COMMAND_WORD = Pattern.compile("[a-z][a-z-]{0,19}");

    private static final List<String> SECRET_WORDS = List.of("token", "key", "secret", "password");

    private static final String MASK = "***";

    /** picocli's words for an exclusive group's option given twice: {@code [--a | --b]={--a} and [--a | --b]={--a}}. */
    private static final Pattern REPEATED_IN_GROUP = Pattern.compile(
            "expected only one match but got (\\[[^\\]]*\\])=\\{(-[^{}\\s]+)\\} and \\1=\\{\\2\\}");

    /** picocli's words for a bad enum value: the constants' names, upper case, where help and README say lower case. */
    private static final Pattern ENUM_CHOICES = Pattern.compile("expected one of \\[([A-Z0-9_, ]+)\\]"
            + " \\(case-insensitive\\)");

    private UsageErrorMessage() {
    }

    /**
     * The parse failure to report: the one given, or, where picocli reports a missing required option although the
     * command line has an unknown option such as {@code --out} (typed for {@code --output}), that unknown option,
     * so that the message and the suggestions name what was mistyped rather than what seems missing.
     *
     * @param error the parse failure
     * @return the failure to report
     */
    public static CommandLine.ParameterException clarified(CommandLine.ParameterException error) {
        if (!(error instanceof CommandLine.MissingParameterException)) {
            return error;
        }
        CommandLine where = error.getCommandLine();
        if (where == null) {
            return error;
        }
        // picocli's own list of what it could not match: it knows which words were values (-t --odd, -qt --odd)
        // and which came after "--"; only option-like words in it are taken for a mistyped option.
        List<String> unknown = new ArrayList<>();
        for (String arg : where.getUnmatchedArguments()) {
            String name = optionName(arg);
            if (name != null && name.startsWith("--")) {
                unknown.add(arg);
            }
        }
        return unknown.isEmpty() ? error : new CommandLine.UnmatchedArgumentException(where, unknown);
    }

    /**
     * The message of a parse failure, safe to print.
     *
     * @param error the parse failure
     * @param args  the whole command line
     * @return one line without the values of unmatched or secret-named arguments
     */
    public static String of(CommandLine.ParameterException error, String[] args) {
        if (error instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> rest = unmatched.getUnmatched();
            CommandLine where = unmatched.getCommandLine();
            // Unmatched by the top command, in the command's place, and not one of its commands (which a repeated
            // word such as 'providers providers' would be, unmatched by the subcommand).
            if (args.length > 0 && !rest.isEmpty() && rest.get(0).equals(args[0]) && where != null
                    && where.getParent() == null && !where.getSubcommands().containsKey(args[0])
                    && COMMAND_WORD.matcher(args[0]).matches()) {
                // A misspelt command ("exprot"): that is the error, not the options after it. A short lowercase
                // word in the command's place is shown; anything else stays counted, never shown.
                return "Unknown command: '" + args[0] + "'";
            }
            int afterEnd = unmatchedAfterOptionsEnd(rest, args);
            return describeUnmatched(rest.subList(0, rest.size() - afterEnd), afterEnd);
        }
        // Other parse errors name option names and the value given to a known option (e.g. --timeout soon), which
        // the user needs to see; values that follow or are attached to a secret-sounding option are masked anyway.
        String message = String.valueOf(error.getMessage());
        Matcher repeated = REPEATED_IN_GROUP.matcher(message);
        if (repeated.find()) {
            // An option of an exclusive group (--no-data) given twice: say so as for any other option.
            message = "option '" + repeated.group(2) + "' should be specified only once";
        } else if (message.startsWith("Error: ")) {
            // The line already starts with "d1-export: "; picocli's own prefix would make it say "error" twice.
            message = message.substring("Error: ".length());
        }
        Matcher choices = ENUM_CHOICES.matcher(message);
        if (choices.find()) {
            // --progress loud: list the choices as the user types them (auto, live, plain), as --help does.
            message = message.substring(0, choices.start()) + "expected one of "
                    + choices.group(1).toLowerCase(Locale.ROOT) + message.substring(choices.end());
        }
        for (String secret : secretValues(args)) {
            message = message.replace(secret, MASK);
        }
        return oneLine(message);
    }

    /**
     * Whether picocli's suggestions ("Possible solutions: --json") fit the failure: not when the words it could not
     * match all came after {@code --}, where a word that looks like an option is an argument, so that naming the
     * option it looks like would suggest what was typed.
     *
     * @param error the parse failure
     * @param args  the whole command line
     * @return {@code false} if the failure is only arguments after {@code --}
     */
    public static boolean suggestionsFit(CommandLine.ParameterException error, String[] args) {
        if (!(error instanceof CommandLine.UnmatchedArgumentException unmatched)) {
            return true;
        }
        List<String> rest = unmatched.getUnmatched();
        return rest.isEmpty() || unmatchedAfterOptionsEnd(rest, args) < rest.size();
    }

    /**
     * How many of the unmatched words, at the end of picocli's list, came after {@code --}: the last words after it
     * (those not taken as the URL), in the same order.
     */
    private static int unmatchedAfterOptionsEnd(List<String> unmatched, String[] args) {
        List<String> after = CommandLineScan.of(args).afterOptionsEnd();
        int count = 0;
        while (count < unmatched.size() && count < after.size() && unmatched.get(unmatched.size() - 1 - count)
                .equals(after.get(after.size() - 1 - count))) {
            count++;
        }
        return count;
    }

    /**
     * Names the unknown options and counts the other words; words after {@code --} are counted apart, as arguments
     * however they look: "Unknown option: '--json'" would be wrong of {@code -- --json}, where no word is an option.
     */
    private static String describeUnmatched(List<String> unmatched, int afterOptionsEnd) {
        Set<String> options = new LinkedHashSet<>();
        int values = 0;
        boolean afterSecretOption = false;
        for (String arg : unmatched) {
            String name = optionName(arg);
            if (name != null && !afterSecretOption) {
                options.add(name);
                afterSecretOption = !arg.contains("=") && soundsSecret(name);
            } else {
                values++;
                afterSecretOption = false;
            }
        }
        List<String> parts = new ArrayList<>();
        if (!options.isEmpty()) {
            List<String> quoted = options.stream().map(o -> "'" + o + "'").toList();
            parts.add((options.size() == 1 ? "Unknown option: " : "Unknown options: ") + String.join(", ", quoted));
        }
        if (values > 0) {
            parts.add(values + (values == 1 ? " unexpected argument" : " unexpected arguments")
                    + " (not shown: it may be a secret)");
        }
        if (afterOptionsEnd > 0) {
            parts.add(afterOptionsEnd + (afterOptionsEnd == 1 ? " unexpected argument" : " unexpected arguments")
                    + " after '--', where no word is an option (not shown: it may be a secret)");
        }
        return parts.isEmpty() ? "Unexpected arguments" : String.join("; ", parts);
    }

    /** The {@code --name} part of an option-like argument, or {@code null} if it does not look like an option. */
    private static String optionName(String arg) {
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        return OPTION_NAME.matcher(name).matches() ? name : null;
    }

    private static boolean soundsSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /**
     * Values attached to ({@code --x-token=v}) or following ({@code --x-token v}) a secret-sounding option; a following
     * word that picocli would not take as a value, being an option itself, is none.
     */
    static List<String> secretValues(String[] args) {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!soundsSecret(name)) {
                continue;
            }
            if (equals >= 0) {
                addIfPresent(secrets, arg.substring(equals + 1));
            } else if (i + 1 < args.length && CommandLineScan.takesAsValue(name, args[i + 1])) {
                // Only a word picocli takes as the value: an option after a forgotten one (--token-file --output)
                // is what the message names, and masking it would hide it, even inside other names ("-t").
                addIfPresent(secrets, args[i + 1]);
            }
        }
        // Longest first, so that a secret containing another is masked whole.
        secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return secrets;
    }

    private static void addIfPresent(List<String> secrets, String value) {
        if (!value.isEmpty()) {
            secrets.add(value);
        }
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
