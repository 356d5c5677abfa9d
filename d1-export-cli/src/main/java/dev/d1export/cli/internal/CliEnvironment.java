package dev.d1export.cli.internal;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * What one run of the command talks to: its streams, whether each is a terminal, the class loader to find providers
 * with, and whether to interrupt the export on a shutdown signal (only when it owns the process).
 *
 * @param out            machine-readable output ({@code --json}, help, version, provider list), and the dump with
 *                       {@code -o -}
 * @param err            progress, summary and errors
 * @param terminal       whether {@code err} is an interactive terminal (live progress)
 * @param outTerminal    whether {@code out} is an interactive terminal (where {@code -o -} is refused)
 * @param providerLoader the class loader searched for providers
 * @param cancelOnSignal whether a JVM shutdown (Ctrl-C, SIGTERM) interrupts a running export
 * @param in             standard input, which {@code --token-file -} reads the token from
 * @param inTerminal     whether {@code in} is an interactive terminal (the token is then read without echo)
 */
public record CliEnvironment(PrintStream out, PrintStream err, boolean terminal, boolean outTerminal,
        ClassLoader providerLoader, boolean cancelOnSignal, InputStream in, boolean inTerminal) {

    /**
     * Checks the streams and class loader are set.
     *
     * @param out            machine-readable output
     * @param err            progress, summary and errors
     * @param terminal       whether {@code err} is an interactive terminal
     * @param outTerminal    whether {@code out} is an interactive terminal
     * @param providerLoader the class loader searched for providers
     * @param cancelOnSignal whether a JVM shutdown interrupts a running export
     * @param in             standard input
     * @param inTerminal     whether {@code in} is an interactive terminal
     */
    public CliEnvironment {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(providerLoader, "providerLoader");
        Objects.requireNonNull(in, "in");
    }

    /**
     * An environment whose two output streams are both terminals or both not, and whose standard input is empty.
     *
     * @param out            machine-readable output
     * @param err            progress, summary and errors
     * @param terminal       whether both are interactive terminals
     * @param providerLoader the class loader searched for providers
     * @param cancelOnSignal whether a JVM shutdown interrupts a running export
     */
    public CliEnvironment(PrintStream out, PrintStream err, boolean terminal, ClassLoader providerLoader,
            boolean cancelOnSignal) {
        this(out, err, terminal, terminal, providerLoader, cancelOnSignal, InputStream.nullInputStream(), false);
    }
}
