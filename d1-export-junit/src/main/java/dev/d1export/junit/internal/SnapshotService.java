package dev.d1export.junit.internal;

import dev.d1export.junit.D1SnapshotExtension;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.ProviderRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns declarations into leases on shared exports. Stateless: everything lives in the {@link ExtensionContext.Store}
 * (namespace {@link D1SnapshotExtension#NAMESPACE}): the providers and the run's folder and exports in the root store,
 * leases in the store of the context that uses them.
 */
public final class SnapshotService {

    private SnapshotService() {
    }

    /**
     * The lease of a context on the export a declaration names, made once per context and export. Nothing is exported
     * yet; configuration errors (no URL, bad URL, unknown provider, bad attributes) are thrown here.
     *
     * @param owner       the context that uses the snapshot
     * @param declaration the declaration
     * @return the lease
     * @throws ExtensionConfigurationException naming the declaration and the bad value
     */
    public static SnapshotLease lease(ExtensionContext owner, SnapshotDeclaration declaration) {
        Resolved resolved = resolve(owner, declaration);
        SnapshotSettings settings = resolved.settings();
        SnapshotKey key = resolved.key();
        ExtensionContext.Store root = owner.getRoot().getStore(D1SnapshotExtension.NAMESPACE);
        // Every setting is read before the store computes anything: the store keeps what a computation threw and
        // throws it again at every later look-up of that key, even from a TestWatcher, which JUnit then logs.
        Optional<Path> directory = settings.directory();
        CleanupMode cleanup = settings.cleanup();
        boolean failOnUnmatched = settings.unmatchedTables() == UnmatchedTablesMode.FAIL;
        RunDirectory run = root.getOrComputeIfAbsent(RunDirectory.class,
                k -> new RunDirectory(directory
                        .orElseGet(() -> BuildDirectory.locate(owner.getRequiredTestClass()).resolve("d1-snapshots"))),
                RunDirectory.class);
        String hint = credentialsHint(resolved.provider());
        ReentrantLock databaseLock = root.getOrComputeIfAbsent(
                new DatabaseKey(key.options().provider(), key.options().target()), k -> new ReentrantLock(),
                ReentrantLock.class);
        SharedSnapshot shared = root.getOrComputeIfAbsent(key,
                k -> new SharedSnapshot(key, resolved.registry(), run, cleanup, hint, databaseLock, failOnUnmatched),
                SharedSnapshot.class);
        return owner.getStore(D1SnapshotExtension.NAMESPACE).getOrComputeIfAbsent(
                new LeaseKey(owner.getUniqueId(), key, declaration.name()),
                k -> new SnapshotLease(owner, shared, key, declaration), SnapshotLease.class);
    }

    /**
     * Notes a failed test on the export a declaration names, if the run has made that export; nothing is exported
     * or leased, since the test's store may already be closed. A declaration that does not resolve is ignored: it
     * was reported when it was leased, or never used.
     *
     * @param context     the failed test's context
     * @param declaration a declaration the test used or would have used
     */
    public static void markUsedByFailedTest(ExtensionContext context, SnapshotDeclaration declaration) {
        SnapshotKey key;
        try {
            key = resolve(context, declaration).key();
        } catch (ExtensionConfigurationException e) {
            return;
        }
        SharedSnapshot shared = context.getRoot().getStore(D1SnapshotExtension.NAMESPACE).get(key,
                SharedSnapshot.class);
        if (shared != null) {
            shared.markUsedByFailedTest();
        }
    }

    private static Resolved resolve(ExtensionContext owner, SnapshotDeclaration declaration) {
        SnapshotSettings settings = SnapshotSettings.of(owner);
        ExtensionContext.Store root = owner.getRoot().getStore(D1SnapshotExtension.NAMESPACE);
        ProviderRegistry registry = registry(owner, root);
        String url = declaration.annotation().url().isEmpty()
                ? settings.defaultUrl().orElseThrow(() -> new ExtensionConfigurationException("@D1Snapshot "
                        + declaration.describe() + " has no url and no default is configured: set the attribute url,"
                        + " the configuration parameter " + dev.d1export.junit.D1Snapshot.URL_PROPERTY_NAME
                        + " (junit-platform.properties or -D" + dev.d1export.junit.D1Snapshot.URL_PROPERTY_NAME
                        + "=...) or the environment variable "
                        + dev.d1export.junit.D1Snapshot.URL_ENVIRONMENT_VARIABLE))
                : declaration.annotation().url();
        List<String> tables = declaration.tables();
        ExportOptions base;
        ExportProvider provider;
        if (url.indexOf('#') >= 0) {
            // Checked here, not left to the parser: its message would show the fragment, which may hold anything.
            throw new ExtensionConfigurationException("@D1Snapshot " + declaration.describe() + ": invalid d1 URL '"
                    + UrlRedaction.redact(url) + "': fragments ('#...') are not allowed");
        }
        try {
            base = ExportOptions.parse(url);
            provider = registry.find(base);
        } catch (D1ExportException e) {
            throw new ExtensionConfigurationException("@D1Snapshot " + declaration.describe() + ": "
                    + e.getMessage(), e);
        }
        root.getOrComputeIfAbsent(PropertyCheckKey.INSTANCE, k -> {
            Set<String> known = new HashSet<>();
            registry.providers().forEach(p -> p.supportedOptions().forEach(o -> known.add(o.name())));
            if (settings.propertyCheck()) {
                MisspeltPropertyCheck.check(known, MisspeltPropertyCheck.configuredKeys(),
                        MisspeltPropertyCheck.environmentNames(), System::getenv);
                // A launcher's own parameters (Surefire's <configurationParameters>) are listed nowhere: asked for.
                MisspeltPropertyCheck.checkParameters(known, owner::getConfigurationParameter);
            }
            return Boolean.TRUE;
        }, Boolean.class);
        ExportOptions options = withProperties(base, provider, settings, declaration);
        SnapshotKey key = new SnapshotKey(options, tables, declaration.annotation().noData(),
                declaration.annotation().noSchema());
        return new Resolved(settings, registry, provider, key);
    }

    private static ProviderRegistry registry(ExtensionContext owner, ExtensionContext.Store root) {
        ClassLoader loader = owner.getTestClass().map(Class::getClassLoader).orElse(null);
        if (loader == null) {
            loader = SnapshotService.class.getClassLoader();
        }
        ClassLoader chosen = loader;
        return root.getOrComputeIfAbsent(new RegistryKey(chosen), k -> ProviderRegistry.load(chosen),
                ProviderRegistry.class);
    }

    /**
     * The URL's options plus the configured values of the options the provider declares. Only declared ones: the
     * configuration is shared by every snapshot of the run, so an option meant for one provider (say cloudflare's
     * {@code api-token}) must not reach another, which would refuse it as unknown.
     */
    private static ExportOptions withProperties(ExportOptions base, ExportProvider provider,
            SnapshotSettings settings, SnapshotDeclaration declaration) {
        ExportOptions.Builder builder = base.mutate();
        for (ExportOption<?> option : provider.supportedOptions()) {
            settings.property(option.name()).ifPresent(value -> {
                try {
                    option.convert(value);
                } catch (D1ExportException e) {
                    // Named by where it was set: the annotation does not show it.
                    throw new ExtensionConfigurationException("@D1Snapshot " + declaration.describe() + ": "
                            + settings.propertySource(option.name()) + ": " + e.getMessage(), e);
                }
                if (option.sensitive()) {
                    builder.secret(option.name(), value);
                } else {
                    builder.option(option.name(), value);
                }
            });
        }
        return builder.build();
    }

    private static String credentialsHint(ExportProvider provider) {
        List<String> ways = new ArrayList<>();
        for (ExportOption<?> option : provider.supportedOptions()) {
            if (option.sensitive()) {
                ways.add("configuration parameter " + dev.d1export.junit.D1Snapshot.PROPERTY_PREFIX + option.name()
                        + " or environment variable " + SnapshotSettings.environmentName(option.name()));
            }
        }
        // A secret may need a plain companion (cloudflare's api-key needs email): the general form covers it.
        String any = "each as configuration parameter " + dev.d1export.junit.D1Snapshot.PROPERTY_PREFIX
                + "<option> or environment variable " + dev.d1export.junit.D1Snapshot.PROPERTY_ENVIRONMENT_PREFIX
                + "<OPTION>";
        return ways.isEmpty()
                ? "Set the options provider '" + provider.name() + "' needs for its credentials, " + any
                : "Set the credentials of provider '" + provider.name() + "': " + String.join("; ", ways) + "; "
                        + "and the options they need, " + any;
    }

    /** A declaration resolved against the configuration and the providers. */
    private record Resolved(SnapshotSettings settings, ProviderRegistry registry, ExportProvider provider,
            SnapshotKey key) {
    }

    /** The key of a lease in its context's store; with the context's id, as stores see their ancestors' entries. */
    private record LeaseKey(String context, SnapshotKey key, String name) {
    }

    /**
     * The key of the lock that makes the exports of one database take turns: its provider and target, whatever the
     * tables or options (two targets that are one database under other spellings only export side by side, as
     * before).
     */
    record DatabaseKey(String provider, String target) {

        /** Masked as the URL masks it: JUnit names a store key in some of its errors. */
        @Override
        public String toString() {
            return "DatabaseKey[" + provider + ", " + ExportOptions.redactTarget(target) + "]";
        }
    }

    /** The key of the run's one {@link MisspeltPropertyCheck} in the root store. */
    private enum PropertyCheckKey {
        INSTANCE
    }

    /** The key of the providers of a class loader in the root store. */
    private record RegistryKey(ClassLoader loader) {
    }
}
