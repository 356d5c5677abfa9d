package dev.d1export.testkit.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a fake server behaves, fixed when it is built.
 *
 * @param accountId          the account the databases belong to
 * @param apiTokens          the API tokens accepted as {@code Authorization: Bearer}
 * @param apiKeys            the legacy global API keys accepted, by e-mail ({@code X-Auth-Email}, {@code X-Auth-Key})
 * @param pollsUntilComplete how many {@code active} answers an export gives before it completes
 * @param abandonAfter       how long an export may go unpolled before it is cancelled
 * @param signedUrlLifetime  how long a signed URL works
 * @param columnList         whether the dump names the columns in its {@code INSERT}s (current D1) or not
 *                           (wrangler 4.86)
 */
public record ServerConfig(String accountId, Set<String> apiTokens, Map<String, String> apiKeys,
        int pollsUntilComplete, Duration abandonAfter, Duration signedUrlLifetime, boolean columnList) {

    /**
     * Copies the collections.
     *
     * @param accountId          the account
     * @param apiTokens          tokens
     * @param apiKeys            keys by e-mail
     * @param pollsUntilComplete active answers per export
     * @param abandonAfter       the unpolled window
     * @param signedUrlLifetime  the signed URL lifetime
     * @param columnList         the INSERT form
     */
    public ServerConfig {
        Objects.requireNonNull(accountId, "accountId");
        apiTokens = Set.copyOf(apiTokens);
        apiKeys = Map.copyOf(apiKeys);
        Objects.requireNonNull(abandonAfter, "abandonAfter");
        Objects.requireNonNull(signedUrlLifetime, "signedUrlLifetime");
    }
}
