package dev.d1export.junit.internal;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A declaration visible from a context, with the context it was declared in (the class's for a class-level
 * declaration, the test's for a method-level one).
 *
 * @param context     where the declaration belongs
 * @param declaration the declaration
 */
public record DeclaredSnapshot(ExtensionContext context, SnapshotDeclaration declaration) {
}
