package dev.d1export.junit.internal;

import dev.d1export.junit.D1Snapshot;
import dev.d1export.junit.D1Snapshots;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Refuses {@code @D1Snapshot} on a method that is not a test, such as a {@code @BeforeEach} method or a helper. JUnit
 * runs an extension declared on a method only around that method's own test, so on any other method the annotation
 * would do nothing, and the tests that seemed to get a snapshot would run without one. A test is a method Jupiter
 * runs as one ({@link JupiterTests#isTest}). The check runs whenever the extension first meets a class; a class whose
 * only declaration is such a method never registers the extension, so it cannot be told.
 */
public final class MisplacedAnnotationCheck {

    private MisplacedAnnotationCheck() {
    }

    /**
     * Throws if a method of the class, or one it inherits, carries {@code @D1Snapshot} and is not a test. Checked once
     * per class and run, through the root store.
     *
     * @param context any context of the run
     * @param type    the test class
     * @throws ExtensionConfigurationException naming the first such method
     */
    public static void check(ExtensionContext context, Class<?> type) {
        context.getRoot().getStore(ExtensionContext.Namespace.create(MisplacedAnnotationCheck.class))
                .getOrComputeIfAbsent(type, MisplacedAnnotationCheck::checked);
    }

    private static Boolean checked(Class<?> type) {
        List<Method> misplaced = ReflectionSupport.findMethods(type,
                method -> (AnnotationSupport.isAnnotated(method, D1Snapshot.class)
                        || AnnotationSupport.isAnnotated(method, D1Snapshots.class))
                        && !JupiterTests.isTest(method)
                        // A record component's annotation also lands on its accessor.
                        && !(method.getParameterCount() == 0
                                && RecordComponents.isComponent(method.getDeclaringClass(), method.getName())),
                HierarchyTraversalMode.TOP_DOWN);
        if (!misplaced.isEmpty()) {
            Method method = misplaced.get(0);
            throw new ExtensionConfigurationException("@D1Snapshot on " + method.getDeclaringClass().getName() + "."
                    + method.getName() + "(), which is not a test: JUnit applies an annotation on a method only to"
                    + " that method's own test, so it would export nothing. Declare it on the class (for all its"
                    + " tests), on a test method, or on a parameter or field that receives the file");
        }
        return Boolean.TRUE;
    }
}
