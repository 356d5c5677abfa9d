/**
 * The d1-export contract: {@link dev.d1export.spi.ExportProvider providers} are found through
 * {@link java.util.ServiceLoader} and opened by URL through {@link dev.d1export.spi.D1Export}.
 */
module dev.d1export.spi {
    exports dev.d1export.spi;

    uses dev.d1export.spi.ExportProvider;
}
