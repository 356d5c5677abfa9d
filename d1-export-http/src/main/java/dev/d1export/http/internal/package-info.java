/**
 * The implementation of the {@code cloudflare} provider: settings, the API client with its retry policy, the polling
 * loop with its pacing and deadline, the download and the mapping of errors. Not exported.
 */
package dev.d1export.http.internal;
