/**
 * The {@code cloudflare} provider: {@link dev.d1export.http.CloudflareExportProvider} and its options,
 * {@link dev.d1export.http.CloudflareOptions}.
 */
package dev.d1export.http;
