package dev.d1export.junit.internal;

import dev.d1export.junit.D1SnapshotFile;
import dev.d1export.spi.ExportResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * A context's use of a {@link SharedSnapshot}, kept in that context's store (the class for class-level declarations,
 * the test for method- and parameter-level ones and for every test that runs with a snapshot). Closing it with the
 * context records a failure of that context, so {@link CleanupMode#ON_SUCCESS} keeps the file.
 */
// CloseableResource as well as AutoCloseable: JUnit 5.10-5.12 close only CloseableResource values, 5.13+ and 6
// close AutoCloseable ones (and deprecate CloseableResource); close() is idempotent, so being closed twice is harmless.
@SuppressWarnings("deprecation")
public final class SnapshotLease implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final ExtensionContext owner;
    private final SharedSnapshot shared;
    private final SnapshotKey key;
    private final SnapshotDeclaration declaration;

    SnapshotLease(ExtensionContext owner, SharedSnapshot shared, SnapshotKey key, SnapshotDeclaration declaration) {
        this.owner = owner;
        this.shared = shared;
        this.key = key;
        this.declaration = declaration;
    }

    /**
     * The declaration this lease serves.
     *
     * @return the declaration
     */
    public SnapshotDeclaration declaration() {
        return declaration;
    }

    /**
     * The snapshot, exporting it if no one has yet (waiting if someone is).
     *
     * @param missingCredentials what to do when the provider has no credentials
     * @return the snapshot as tests see it
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException naming the declaration, when the
     *         provider refused its configuration
     */
    public D1SnapshotFile snapshot(MissingCredentialsMode missingCredentials) {
        ExportResult result = shared.obtain(missingCredentials, declaration);
        return new D1SnapshotFile(declaration.name(), shared.file(), key.tables(), key.noData(), key.noSchema(),
                result.provider(), shared.url(), result.bytes(), result.bookmark().orElse(null), result.messages(),
                result.unmatchedTables(), shared.urlShowsAll());
    }

    /**
     * Records a failure of the owning context for the cleanup policy; an aborted test (a failed assumption, a skip
     * for missing credentials) did not fail.
     */
    @Override
    public void close() {
        if (owner.getExecutionException().filter(e -> !(e instanceof TestAbortedException)).isPresent()) {
            shared.markUsedByFailedTest();
        }
    }

    @Override
    public String toString() {
        return "SnapshotLease{" + key + " for " + owner.getUniqueId() + "}";
    }
}
