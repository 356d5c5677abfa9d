package dev.d1export.cli;

import dev.d1export.cli.internal.CliEnvironment;
import dev.d1export.cli.internal.CommandLineRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
}
