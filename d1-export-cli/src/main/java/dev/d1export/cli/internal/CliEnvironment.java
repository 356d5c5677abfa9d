package dev.d1export.cli.internal;

import java.io.PrintStream;
import java.util.Objects;

/**
 * What one run of the command talks to: its output streams, whether each is a terminal, the class loader to find
 * providers with, and whether to interrupt the export on a shutdown signal (only when it owns the process).
 *
 * @param out            machine-readable output ({@code --json}, help, version, provider list), and the dump with
 *                       {@code -o -}
 * @param err            progress, summary and errors
 * @param terminal       whether {@code err} is an interactive terminal (live progress)
 * @param outTerminal    whether {@code out} is an interactive terminal (where {@code -o -} is refused)
 * @param providerLoader the class loader searched for providers
 * @param cancelOnSignal whether a JVM shutdown (Ctrl-C, SIGTERM) interrupts a running export
 */
public record CliEnvironment(PrintStream out, PrintStream err, boolean terminal, boolean outTerminal,
        ClassLoader providerLoader, boolean cancelOnSignal) {

    /**
     * Checks the streams and class loader are set.
     *
     * @param out            machine-readable output
     * @param err            progress, summary and errors
     * @param terminal       whether {@code err} is an interactive terminal
     * @param outTerminal    whether {@code out} is an interactive terminal
     * @param providerLoader the class loader searched for providers
     * @param cancelOnSignal whether a JVM shutdown interrupts a running export
     */
    public CliEnvironment {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(providerLoader, "providerLoader");
    }

    /**
     * An environment whose two streams are both terminals or both not.
     *
     * @param out            machine-readable output
     * @param err            progress, summary and errors
     * @param terminal       whether both are interactive terminals
     * @param providerLoader the class loader searched for providers
     * @param cancelOnSignal whether a JVM shutdown interrupts a running export
     */
    public CliEnvironment(PrintStream out, PrintStream err, boolean terminal, ClassLoader providerLoader,
            boolean cancelOnSignal) {
        this(out, err, terminal, terminal, providerLoader, cancelOnSignal);
    }
}
