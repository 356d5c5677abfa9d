package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code d1-export} as a real process: the test class path with Main, or an executable jar. */
final class ChildJvm {

    private static final long TIMEOUT_SECONDS = 60;

    private final List<String> command;
    private final Map<String, String> env;
    private final List<String> unset = new ArrayList<>();
    private Path directory;
    private Path errorFile;
    private Path outputFile;
    private Path inputFile;
    private boolean inputPiped;

    private ChildJvm(List<String> command, Map<String, String> env) {
        this.command = command;
        this.env = env;
    }

    /** {@code java -cp <this test's class path> dev.d1export.cli.Main}. */
    static ChildJvm mainOnTestClassPath() {
        return new ChildJvm(new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                "dev.d1export.cli.Main")), new java.util.HashMap<>());
    }

    /**
     * {@code <wrapper...> java -cp <this test's class path> dev.d1export.cli.Main}: Main run by a command that
     * changes how the process runs (e.g. {@code setpriv} with fewer capabilities).
     */
    static ChildJvm mainOnTestClassPathUnder(List<String> wrapper) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(mainOnTestClassPath().command);
        return new ChildJvm(command, new java.util.HashMap<>());
    }

    /**
     * {@code java -cp <entry>:<this test's class path> dev.d1export.cli.Main}: e.g. a folder with a services file
     * that registers a test's own provider.
     */
    static ChildJvm mainOnTestClassPath(Path entry) {
        return new ChildJvm(new ArrayList<>(List.of(java(), "-cp", entry + java.io.File.pathSeparator
                + System.getProperty("java.class.path"), "dev.d1export.cli.Main")), new java.util.HashMap<>());
    }

    /** {@code java -jar <jar>}. */
    static ChildJvm jar(Path jar) {
        return new ChildJvm(new ArrayList<>(List.of(java(), "-jar", jar.toString())), new java.util.HashMap<>());
    }

    /**
     * The launcher script {@code d1-export} beside the jar, run by {@code sh}, with the Java running the tests as
     * {@code JAVA_HOME}.
     */
    static ChildJvm launcher(Path script) {
        return command("sh", script.toString());
    }

    /**
     * Runs {@code command} as given (e.g. a symbolic link to the launcher) in the launcher's clean environment: no JVM
     * options or launcher settings from the machine running the tests, the tests' Java as {@code JAVA_HOME}.
     */
    static ChildJvm command(String... command) {
        ChildJvm child = new ChildJvm(new ArrayList<>(List.of(command)), new java.util.HashMap<>());
        child.unset.addAll(List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "CDPATH", "D1_EXPORT_CDS",
                "D1_EXPORT_CACHE", "XDG_CACHE_HOME"));
        return child.env("JAVA_HOME", System.getProperty("java.home"));
    }

    ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    ChildJvm in(Path dir) {
        this.directory = dir;
        return this;
    }

    /** Sends stderr to a file (which outlives {@link Process#destroy()}, unlike the pipe). */
    ChildJvm errorTo(Path file) {
        this.errorFile = file;
        return this;
    }

    /** Sends stdout to a file. */
    ChildJvm outputTo(Path file) {
        this.outputFile = file;
        return this;
    }

    /** Feeds stdin from a file (else it is empty). */
    ChildJvm inputFrom(Path file) {
        this.inputFile = file;
        return this;
    }

    /** Gives stdin a pipe that the test holds open and never writes to: a read of it waits. */
    ChildJvm inputPiped() {
        this.inputPiped = true;
        return this;
    }

    /** Starts the process with these arguments (stdin empty unless {@link #inputFrom(Path)} or {@link #inputPiped()}). */
    Process start(String... args) {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(full).redirectInput(inputPiped ? ProcessBuilder.Redirect.PIPE
                : ProcessBuilder.Redirect.from(inputFile != null ? inputFile.toFile() : devNull()));
        // The child must not inherit a token from the machine running the tests.
        builder.environment().remove("CLOUDFLARE_API_TOKEN");
        builder.environment().remove("CLOUDFLARE_API_KEY");
        builder.environment().remove("CLOUDFLARE_EMAIL");
        builder.environment().remove("CLOUDFLARE_API_BASE_URL");
        unset.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        if (errorFile != null) {
            builder.redirectError(errorFile.toFile());
        }
        if (outputFile != null) {
            builder.redirectOutput(outputFile.toFile());
        }
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end. */
    CliResult run(String... args) {
        return finish(start(args));
    }

    /** Collects a started process's output and exit code. */
    static CliResult finish(Process process) {
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                // The launcher script's java is a child of sh when it is not exec'd: end the whole tree.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("d1-export did not finish within " + TIMEOUT_SECONDS + "s");
            }
            return new CliResult(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits until 60 KiB of a started process's stdout wait unread: the pipe's buffer (64 KiB on Linux) is then full,
     * and the process is blocked in a write. Not a fixed wait: on a loaded machine a process may not even have begun
     * writing a second after it started. Fails if the process ends first, or after 60 s (a hang guard).
     *
     * @param process a process started with its stdout piped and not read
     * @param errFile the file its stderr goes to, shown if it ends
     */
    static void awaitFullStdoutPipe(Process process, Path errFile) throws IOException, InterruptedException {
        InputStream out = process.getInputStream();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (out.available() < 60 * 1024) {
            assertThat(System.nanoTime()).as("the child fills its stdout pipe").isLessThan(deadline);
            assertThat(process.isAlive()).as("the child is running: " + Files.readString(errFile)).isTrue();
            Thread.sleep(20);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static java.io.File devNull() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
