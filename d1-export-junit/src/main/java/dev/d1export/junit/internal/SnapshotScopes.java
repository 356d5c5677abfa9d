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
import java.util.function.Function;
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
        return of(type, "class " + type.getName(), annotation -> origin(type, annotation));
    }

    /**
     * Where a declaration of a class is written: the class, or the superclass or interface it inherits it from, so a
     * message points at the annotation to change rather than at a class that does not show it.
     */
    private static String origin(Class<?> type, D1Snapshot annotation) {
        Class<?> declaring = declaringType(type, annotation);
        String origin = (declaring.isInterface() ? "interface " : "class ") + declaring.getName();
        return declaring == type ? origin : origin + " (inherited by " + type.getName() + ")";
    }

    /**
     * The supertype (or the class itself) whose own declaration an annotation found on a class is. A class's inherited
     * annotations are the very instances its supertypes have (the JDK caches them per class), so the declaring type
     * is the one none of whose direct supertypes has that instance; a meta-annotation's instance is shared by every
     * user, and the one nearest the root is named.
     */
    private static Class<?> declaringType(Class<?> type, D1Snapshot annotation) {
        List<Class<?>> supertypes = new ArrayList<>(List.of(type.getInterfaces()));
        if (type.getSuperclass() != null) {
            supertypes.add(0, type.getSuperclass());
        }
        for (Class<?> supertype : supertypes) {
            for (D1Snapshot inherited : AnnotationSupport.findRepeatableAnnotations(supertype, D1Snapshot.class)) {
                if (inherited == annotation) {
                    return declaringType(supertype, annotation);
                }
            }
        }
        return type;
    }

    /**
     * The declarations on a method (direct, repeated, meta-annotated).
     *
     * @param method the method
     * @return the declarations
     * @throws ExtensionConfigurationException if two different declarations share a name
     */
    public static List<SnapshotDeclaration> ofMethod(Method method) {
        String origin = "method " + method.getDeclaringClass().getName() + "." + method.getName() + "()";
        return of(method, origin, annotation -> origin);
    }

    private static List<SnapshotDeclaration> of(AnnotatedElement element, String origin,
            Function<D1Snapshot, String> declaredOn) {
        List<SnapshotDeclaration> declarations = new ArrayList<>();
        Map<String, SnapshotDeclaration> byName = new HashMap<>();
        for (D1Snapshot annotation : AnnotationSupport.findRepeatableAnnotations(element, D1Snapshot.class)) {
            SnapshotDeclaration declaration = new SnapshotDeclaration(annotation, declaredOn.apply(annotation));
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
