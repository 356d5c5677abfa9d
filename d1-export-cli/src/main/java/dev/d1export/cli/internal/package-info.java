/**
 * The command's implementation: picocli commands, progress renderers, summaries and error reports. Not exported.
 */
package dev.d1export.cli.internal;
