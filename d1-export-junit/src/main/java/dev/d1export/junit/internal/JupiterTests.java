package dev.d1export.junit.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestTemplate;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/** Which methods of a class Jupiter runs as tests. */
public final class JupiterTests {

    private JupiterTests() {
    }

    /**
     * What Jupiter runs as a test: a method annotated (directly or through a composed annotation) with {@code @Test},
     * {@code @TestTemplate} (which {@code @ParameterizedTest} and {@code @RepeatedTest} are) or {@code @TestFactory},
     * and neither private, static nor abstract; a {@code @Test} method also returns nothing. Another engine's
     * {@code @Testable} annotation (jqwik's {@code @Property}) does not count: Jupiter's extensions never run for it.
     *
     * @param method the method
     * @return whether Jupiter runs it as a test
     */
    public static boolean isTest(Method method) {
        int modifiers = method.getModifiers();
        if (Modifier.isPrivate(modifiers) || Modifier.isStatic(modifiers) || Modifier.isAbstract(modifiers)) {
            return false;
        }
        if (AnnotationSupport.isAnnotated(method, TestTemplate.class)
                || AnnotationSupport.isAnnotated(method, TestFactory.class)) {
            return true;
        }
        // Jupiter does not run a @Test method that returns a value.
        return AnnotationSupport.isAnnotated(method, Test.class) && method.getReturnType() == void.class;
    }

    /**
     * The test methods of a class, inherited ones included (those of its {@code @Nested} classes are theirs).
     *
     * @param type the test class
     * @return the methods, superclasses' first
     */
    public static List<Method> of(Class<?> type) {
        return ReflectionSupport.findMethods(type, JupiterTests::isTest, HierarchyTraversalMode.TOP_DOWN);
    }
}
