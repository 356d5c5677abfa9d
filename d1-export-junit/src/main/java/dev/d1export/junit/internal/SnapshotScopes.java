package dev.d1export.junit.internal;

import dev.d1export.junit.D1Snapshot;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Finds the {@link D1Snapshot} declarations of a class, a method, and those visible from a context. */
public final class SnapshotScopes {

    private SnapshotScopes() {
    }

    /**
     * The declarations on a class: direct, repeated, meta-annotated and inherited from superclasses, in top-down
     * order; not those of enclosing classes, which belong to their own contexts.
     *
     * @param type the class
     * @return the declarations
     * @throws ExtensionConfigurationException if two different declarations share a name
     */
    public static List<SnapshotDeclaration> ofClass(Class<?> type) {
        return of(type, "class " + type.getName());
    }

    /**
     * The declarations on a method (direct, repeated, meta-annotated).
     *
     * @param method the method
     * @return the declarations
     * @throws ExtensionConfigurationException if two different declarations share a name
     */
    public static List<SnapshotDeclaration> ofMethod(Method method) {
        return of(method, "method " + method.getDeclaringClass().getName() + "." + method.getName() + "()");
    }

    private static List<SnapshotDeclaration> of(AnnotatedElement element, String origin) {
        List<SnapshotDeclaration> declarations = new ArrayList<>();
        Map<String, SnapshotDeclaration> byName = new HashMap<>();
        for (D1Snapshot annotation : AnnotationSupport.findRepeatableAnnotations(element, D1Snapshot.class)) {
            SnapshotDeclaration declaration = new SnapshotDeclaration(annotation, origin);
            if (!annotation.name().isEmpty()) {
                SnapshotDeclaration previous = byName.putIfAbsent(annotation.name(), declaration);
                if (previous != null && !previous.identity().equals(declaration.identity())) {
                    throw new ExtensionConfigurationException("Two different @D1Snapshot declarations on " + origin
                            + " are named '" + annotation.name() + "': " + previous.describe() + " and "
                            + declaration.describe() + "; names must tell snapshots apart");
                }
            }
            declarations.add(declaration);
        }
        return declarations;
    }

    /**
     * Every declaration visible from a context: the test method's (if asked), the class's, and each enclosing
     * class's, nearest first; declarations of the same snapshot count once.
     *
     * @param context       the context
     * @param includeMethod whether to include the test method's declarations
     * @return the declarations with the contexts they belong to
     */
    public static List<DeclaredSnapshot> visible(ExtensionContext context, boolean includeMethod) {
        List<DeclaredSnapshot> visible = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        Set<Object> scopes = new HashSet<>();
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            ExtensionContext ctx = current.get();
            List<SnapshotDeclaration> declarations;
            if (ctx.getTestMethod().isPresent()) {
                if (!includeMethod || !scopes.add(ctx.getTestMethod().get())) {
                    continue;
                }
                declarations = ofMethod(ctx.getTestMethod().get());
            } else if (ctx.getTestClass().isPresent() && ctx.getParent().isPresent()) {
                if (!scopes.add(ctx.getTestClass().get())) {
                    continue;
                }
                declarations = ofClass(ctx.getTestClass().get());
            } else {
                continue;
            }
            for (SnapshotDeclaration declaration : declarations) {
                if (seen.add(declaration.identity())) {
                    visible.add(new DeclaredSnapshot(ctx, declaration));
                }
            }
        }
        return visible;
    }
}
