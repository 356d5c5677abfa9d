package dev.d1export.junit.internal;

import dev.d1export.junit.D1SnapshotExtension;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Watches a class's context for its own failure (a {@code @BeforeAll} or {@code @AfterAll} method, another
 * extension's class-level callback), which JUnit reports on the class, not on its tests: no {@code TestWatcher} hears
 * of it, and the leases of the enclosing classes' contexts, for a {@code @Nested} class, do not see it. Kept in the
 * class context's store; closing it with the context hands a failed context to the action, which notes the snapshots
 * the class's tests would have used, so {@link CleanupMode#ON_SUCCESS} keeps them as it keeps a failed test's.
 * Started from the extension's execution condition, which JUnit evaluates for a class before it makes its instance
 * or calls any {@code beforeAll} callback: a failure there is seen whichever extension is registered first. A test's
 * condition starts the watches of the classes around it too, for an extension registered by the test alone, which
 * JUnit never asks about the class: a later failure of the class (its {@code @AfterAll}) is seen, an earlier one not.
 */
// CloseableResource as well as AutoCloseable: JUnit 5.10-5.12 close only CloseableResource values, 5.13+ and 6
// close AutoCloseable ones (and deprecate CloseableResource); close() is idempotent, so being closed twice is harmless.
@SuppressWarnings("deprecation")
public final class ClassFailureWatch implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final ExtensionContext owner;
    private final Consumer<ExtensionContext> onFailure;
    private boolean closed;

    private ClassFailureWatch(ExtensionContext owner, Consumer<ExtensionContext> onFailure) {
        this.owner = owner;
        this.onFailure = onFailure;
    }

    /**
     * Starts watching a class's context, once however often it is asked.
     *
     * @param context   the class's context
     * @param onFailure what to do with the context if it fails (not if it is only aborted, by an assumption, say)
     */
    public static void watch(ExtensionContext context, Consumer<ExtensionContext> onFailure) {
        // Keyed by the context's id: a store look-up also sees the enclosing classes' watches.
        context.getStore(D1SnapshotExtension.NAMESPACE).getOrComputeIfAbsent(
                new WatchKey(context.getUniqueId()), k -> new ClassFailureWatch(context, onFailure),
                ClassFailureWatch.class);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owner.getExecutionException().filter(e -> !(e instanceof TestAbortedException)).isPresent()) {
            onFailure.accept(owner);
        }
    }

    @Override
    public String toString() {
        return "ClassFailureWatch{" + owner.getUniqueId() + "}";
    }

    /** The key of a class context's watch in its store. */
    private record WatchKey(String context) {
    }
}
