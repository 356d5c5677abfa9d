package dev.d1export.cli.internal;

import dev.d1export.spi.MissingCredentialsException;
import java.util.regex.Pattern;

/**
 * A provider's "no credentials" message in the command's words. A provider tells a library user what to set: its
 * environment variables and, beside them, its options ({@code set CLOUDFLARE_API_TOKEN (or the option 'api-token')}).
 * The command cannot set a secret option (a secret never goes in the URL); its one way to one is {@code --token-file},
 * passed as {@code api-token}. So the options a provider offers beside its variables are left out (the variables are
 * what a command-line user sets, and the hint names {@code --token-file}), and a message that asks for
 * {@code api-token} itself names {@code --token-file}. The provider's exception stays the cause, with its own words,
 * for {@code --verbose}.
 */
public final class MissingCredentialsMessage {

    /**
     * An aside naming options beside a variable: {@code (or the option 'api-token')},
     * {@code (options 'email' and 'api-key')}.
     */
    private static final Pattern OPTIONS_ASIDE = Pattern.compile(
            " \\((?:or )?(?:the )?options? '[^'()]+'(?:(?:, | and | or )'[^'()]+')*\\)");

    private static final String TOKEN_FILE = "--token-file <file>";

    private MissingCredentialsMessage() {
    }

    /**
     * The failure to report: a {@link MissingCredentialsException} (that class itself, so that {@code --json}'s
     * {@code error.type} stays true) whose message names provider options, as a new one in the command's words
     * with the same details (hint included) and the provider's exception as its cause; any other failure as it is.
     *
     * @param failure what the export threw
     * @return the failure to report
     */
    public static Throwable inCommandWords(Throwable failure) {
        if (failure == null || failure.getClass() != MissingCredentialsException.class) {
            return failure;
        }
        MissingCredentialsException missing = (MissingCredentialsException) failure;
        String text = text(missing.summary());
        if (text.equals(missing.summary())) {
            return failure;
        }
        MissingCredentialsException translated = new MissingCredentialsException(text, missing, missing.details());
        // Where the provider threw it, not where the command caught it.
        translated.setStackTrace(missing.getStackTrace());
        return translated;
    }

    /**
     * The message in the command's words.
     *
     * @param summary the provider's one-line message
     * @return the message without asides naming options, and with the option {@code api-token} named as
     *         {@code --token-file <file>}
     */
    static String text(String summary) {
        String text = OPTIONS_ASIDE.matcher(summary).replaceAll("");
        return text.replace("set the option '" + ExportCommand.TOKEN_OPTION + "'", "pass " + TOKEN_FILE)
                .replace("the option '" + ExportCommand.TOKEN_OPTION + "'", TOKEN_FILE)
                .replace("option '" + ExportCommand.TOKEN_OPTION + "'", TOKEN_FILE);
    }
}
