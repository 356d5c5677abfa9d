package dev.d1export.testkit;

/**
 * What the {@code fixture} provider's {@code auth} option asks for ({@code ?auth=required}); names in lower case. A
 * choice rather than free text, so that a misspelt value fails when the exporter is opened instead of silently
 * exporting without the credentials check.
 */
public enum FixtureAuth {
    /** No credentials needed: the default. */
    NONE,
    /**
     * The {@code api-token} option must be set and not blank, as a remote provider's credentials must; without it the
     * export fails with a {@link dev.d1export.spi.MissingCredentialsException}.
     */
    REQUIRED
}
