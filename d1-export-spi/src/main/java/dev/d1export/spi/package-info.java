/**
 * The d1-export SPI.
 *
 * <p>Code that needs a dump talks to {@link dev.d1export.spi.D1Export} (or a {@link dev.d1export.spi.ProviderRegistry}),
 * which finds an {@link dev.d1export.spi.ExportProvider} for a URL of the form {@code d1:<provider>:<provider part>} and
 * opens an {@link dev.d1export.spi.Exporter}. Providers write through {@link dev.d1export.spi.StagedOutput}, so a dump
 * appears at its destination only when it is complete.
 */
package dev.d1export.spi;
