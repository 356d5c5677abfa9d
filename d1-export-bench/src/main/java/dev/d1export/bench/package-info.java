/**
 * Benchmark harness for run-benchmarks.sh: a loopback export server for the download, polling and CLI targets, the
 * JUnit overhead runner, and (in {@code dev.d1export.sqlite.internal}) the JMH benchmarks of the value formatter.
 * Nothing here is run by the build.
 */
package dev.d1export.bench;
