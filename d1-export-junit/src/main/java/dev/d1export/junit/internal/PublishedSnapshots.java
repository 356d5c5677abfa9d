package dev.d1export.junit.internal;

import dev.d1export.junit.D1SnapshotExtension;
import dev.d1export.junit.D1SnapshotFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The snapshots published in one context, by store key, in the order they were published: what lets other
 * extensions list them, as a store cannot be enumerated. Kept in the context's own store under a key with the
 * context's id, because a store lookup also sees the ancestors' entries. Thread-safe: tests running in parallel
 * publish class-level snapshots in their class's context.
 */
public final class PublishedSnapshots {

    private final Map<String, Entry> byKey = new LinkedHashMap<>();

    private PublishedSnapshots() {
    }

    /**
     * Records a snapshot published in a context, before it is put in the store: a second, different snapshot under
     * the key of a name would replace the first for everything that reads the context (another extension, a
     * parameter that selects the name), whichever was published last, so it is refused instead.
     *
     * @param context     the context it is published in
     * @param key         its store key
     * @param snapshot    the snapshot
     * @param declaration the declaration it was made for, named in the error
     * @throws ExtensionConfigurationException if another snapshot was published in the same context under the same
     *                                         name
     */
    public static void record(ExtensionContext context, String key, D1SnapshotFile snapshot,
            SnapshotDeclaration declaration) {
        PublishedSnapshots published = context.getStore(D1SnapshotExtension.NAMESPACE).getOrComputeIfAbsent(
                new IndexKey(context.getUniqueId()), k -> new PublishedSnapshots(), PublishedSnapshots.class);
        synchronized (published) {
            Entry previous = published.byKey.get(key);
            // Unnamed snapshots have keys of their own content; equal files are the same export, however spelt.
            if (previous != null && !snapshot.name().isEmpty() && !previous.snapshot().equals(snapshot)) {
                throw new ExtensionConfigurationException("Two different @D1Snapshot declarations used together are"
                        + " named '" + snapshot.name() + "': " + previous.declaration().describe() + " and "
                        + declaration.describe() + "; names must tell snapshots apart");
            }
            published.byKey.putIfAbsent(key, new Entry(snapshot, declaration));
        }
    }

    /**
     * Every snapshot published in a context and its ancestors; where a context and an ancestor published under the
     * same key, the nearer one.
     *
     * @param context the context
     * @return nearest context first, each context's in the order published
     */
    public static List<D1SnapshotFile> visibleFrom(ExtensionContext context) {
        List<D1SnapshotFile> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            PublishedSnapshots published = current.get().getStore(D1SnapshotExtension.NAMESPACE)
                    .get(new IndexKey(current.get().getUniqueId()), PublishedSnapshots.class);
            if (published == null) {
                continue;
            }
            synchronized (published) {
                for (Map.Entry<String, Entry> entry : published.byKey.entrySet()) {
                    if (seen.add(entry.getKey())) {
                        all.add(entry.getValue().snapshot());
                    }
                }
            }
        }
        return List.copyOf(all);
    }

    /** A published snapshot and the declaration it was first published for. */
    private record Entry(D1SnapshotFile snapshot, SnapshotDeclaration declaration) {
    }

    /** The key of a context's index in its store. */
    private record IndexKey(String context) {
    }
}
