/**
 * The JSON shapes of the Cloudflare v4 API that the provider reads and writes, bound with JSON-B (Yasson) using
 * snake_case property names. Plain mutable carriers: they live only while a response is read.
 */
package dev.d1export.http.internal.json;
