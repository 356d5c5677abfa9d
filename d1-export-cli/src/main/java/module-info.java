/**
 * The {@code d1-export} command: exports a D1 database with whichever provider serves its URL, shows progress and
 * prints a summary. Entry point {@link dev.d1export.cli.Main}; exit codes in {@link dev.d1export.cli.ExitCodes}.
 */
module dev.d1export.cli {
    requires dev.d1export.spi;
    requires info.picocli;
    requires java.logging;
    // sun.misc.Signal, by reflection: which of SIGINT and SIGTERM is ending the process (SignalStatus).
    requires jdk.unsupported;

    exports dev.d1export.cli;

    // picocli fills the annotated command objects by reflection.
    opens dev.d1export.cli.internal to info.picocli;
}
