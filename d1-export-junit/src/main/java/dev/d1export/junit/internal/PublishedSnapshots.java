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
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The snapshots published in one context, by store key, in the order they were published: what lets other
 * extensions list them, as a store cannot be enumerated. Kept in the context's own store under a key with the
 * context's id, because a store lookup also sees the ancestors' entries. Thread-safe: tests running in parallel
 * publish class-level snapshots in their class's context.
 */
public final class PublishedSnapshots {

    private final Map<String, D1SnapshotFile> byKey = new LinkedHashMap<>();

    private PublishedSnapshots() {
    }

    /**
     * Records a snapshot published in a context.
     *
     * @param context  the context it was published in
     * @param key      its store key
     * @param snapshot the snapshot
     */
    public static void record(ExtensionContext context, String key, D1SnapshotFile snapshot) {
        PublishedSnapshots published = context.getStore(D1SnapshotExtension.NAMESPACE).getOrComputeIfAbsent(
                new IndexKey(context.getUniqueId()), k -> new PublishedSnapshots(), PublishedSnapshots.class);
        synchronized (published) {
            published.byKey.put(key, snapshot);
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
                for (Map.Entry<String, D1SnapshotFile> entry : published.byKey.entrySet()) {
                    if (seen.add(entry.getKey())) {
                        all.add(entry.getValue());
                    }
                }
            }
        }
        return List.copyOf(all);
    }

    /** The key of a context's index in its store. */
    private record IndexKey(String context) {
    }
}
