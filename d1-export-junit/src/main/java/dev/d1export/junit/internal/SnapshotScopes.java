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
     * class's, nearest first; declarations of the same snapshot count once. A level is a class of the nesting chain
     * with, for the innermost one, the test method. A named declaration hides those of the same name on enclosing
     * classes, as a Java variable shadows an outer one: each level can be read and changed by itself, without
     * knowing every name around it, and a {@code @Nested} class can redefine what its tests get while the enclosing
     * class's tests keep theirs.
     *
     * @param context       the context
     * @param includeMethod whether to include the test method's declarations
     * @return the declarations with the contexts they belong to
     * @throws ExtensionConfigurationException if two different declarations of one level share a name (the test
     *                                         method's and its class's)
     */
    public static List<DeclaredSnapshot> visible(ExtensionContext context, boolean includeMethod) {
        List<DeclaredSnapshot> visible = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        Set<Object> scopes = new HashSet<>();
        Set<String> hidden = new HashSet<>();
        List<DeclaredSnapshot> level = new ArrayList<>();
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            ExtensionContext ctx = current.get();
            if (ctx.getTestMethod().isPresent()) {
                if (includeMethod && scopes.add(ctx.getTestMethod().get())) {
                    for (SnapshotDeclaration declaration : ofMethod(ctx.getTestMethod().get())) {
                        level.add(new DeclaredSnapshot(ctx, declaration));
                    }
                }
            } else if (ctx.getTestClass().isPresent() && ctx.getParent().isPresent()) {
                if (scopes.add(ctx.getTestClass().get())) {
                    for (SnapshotDeclaration declaration : ofClass(ctx.getTestClass().get())) {
                        level.add(new DeclaredSnapshot(ctx, declaration));
                    }
                }
                closeLevel(level, hidden, seen, visible);
            }
        }
        closeLevel(level, hidden, seen, visible);
        return visible;
    }

    /**
     * Adds the declarations of one level that no nearer level hides, then hides their names from the levels around.
     */
    private static void closeLevel(List<DeclaredSnapshot> level, Set<String> hidden, Set<Object> seen,
            List<DeclaredSnapshot> visible) {
        Map<String, SnapshotDeclaration> byName = new HashMap<>();
        for (DeclaredSnapshot declared : level) {
            SnapshotDeclaration declaration = declared.declaration();
            if (declaration.name().isEmpty()) {
                continue;
            }
            SnapshotDeclaration previous = byName.putIfAbsent(declaration.name(), declaration);
            // Within one class a second meaning of a name is a slip, not a redefinition: shadowing is left to @Nested.
            if (previous != null && !previous.identity().equals(declaration.identity())) {
                throw new ExtensionConfigurationException("Two different @D1Snapshot declarations of one level are"
                        + " named '" + declaration.name() + "': " + previous.describe() + " and "
                        + declaration.describe() + "; names must tell snapshots apart within a class and its test"
                        + " methods (a @Nested class may redefine a name of an enclosing class)");
            }
        }
        for (DeclaredSnapshot declared : level) {
            SnapshotDeclaration declaration = declared.declaration();
            if (!hidden.contains(declaration.name()) && seen.add(declaration.identity())) {
                visible.add(declared);
            }
        }
        hidden.addAll(byName.keySet());
        level.clear();
    }
}
