/**
 * {@link dev.d1export.junit.D1Snapshot @D1Snapshot}: declare the D1 tables a test needs; the
 * {@link dev.d1export.junit.D1SnapshotExtension extension} exports them once per run and injects a
 * {@link java.nio.file.Path} or a {@link dev.d1export.junit.D1SnapshotFile}.
 */
package dev.d1export.junit;
