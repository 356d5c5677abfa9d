package dev.d1export.cli;

import dev.d1export.cli.internal.CliEnvironment;
import dev.d1export.cli.internal.CommandLineRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the command in this JVM with captured streams, as picocli's CommandLine.execute does for the real main. */
final class InProcess {

    private InProcess() {
    }

    /** Runs with stderr not a terminal, providers from the test class path. */
    static CliResult run(String... args) {
        return run(false, InProcess.class.getClassLoader(), args);
    }

    /** Runs with stderr a terminal (or not) and providers from a given class loader. */
    static CliResult run(boolean terminal, ClassLoader providers, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = CommandLineRunner.execute(new CliEnvironment(o, e, terminal, providers, false), args);
            return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs with stderr not a terminal and standard input holding these bytes, a terminal (or not). */
    static CliResult runWithInput(byte[] input, boolean inTerminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = CommandLineRunner.execute(new CliEnvironment(o, e, false, false,
                    InProcess.class.getClassLoader(), false, new java.io.ByteArrayInputStream(input), inTerminal),
                    args);
            return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Runs on a thread of its own and interrupts that thread once the fixture export has begun (its journal, named
     * {@code journal} in the URL, holds a call), as Ctrl-C does to an export in the real main.
     */
    static CliResult runInterruptedOnceStarted(String journal, String... args) throws InterruptedException {
        AtomicReference<CliResult> result = new AtomicReference<>();
        Thread runner = new Thread(() -> result.set(run(args)));
        runner.start();
        while (dev.d1export.testkit.FixtureJournal.named(journal).count() == 0 && runner.isAlive()) {
            Thread.sleep(10);
        }
        runner.interrupt();
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();
        return result.get();
    }
}
