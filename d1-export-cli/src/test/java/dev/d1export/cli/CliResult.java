package dev.d1export.cli;

/**
 * What one run of the command produced.
 *
 * @param exitCode the exit code
 * @param out      everything printed on stdout
 * @param err      everything printed on stderr
 */
record CliResult(int exitCode, String out, String err) {

    /** Both streams, for "never printed anywhere" checks. */
    String all() {
        return out + "\n" + err;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
}
