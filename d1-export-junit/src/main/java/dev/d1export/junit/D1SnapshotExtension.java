package dev.d1export.junit;

import dev.d1export.junit.internal.ClassFailureWatch;
import dev.d1export.junit.internal.DeclaredSnapshot;
import dev.d1export.junit.internal.JupiterTests;
import dev.d1export.junit.internal.MisplacedAnnotationCheck;
import dev.d1export.junit.internal.RecordComponents;
import dev.d1export.junit.internal.MissingCredentialsMode;
import dev.d1export.junit.internal.ParameterNames;
import dev.d1export.junit.internal.PublishedSnapshots;
import dev.d1export.junit.internal.SnapshotDeclaration;
import dev.d1export.junit.internal.SnapshotLease;
import dev.d1export.junit.internal.SnapshotScopes;
import dev.d1export.junit.internal.SnapshotService;
import dev.d1export.junit.internal.SnapshotSettings;
import dev.d1export.junit.internal.UnmatchedTablesMode;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstances;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * The extension behind {@link D1Snapshot}; registered by the annotation, so tests need not name it.
 * {@code @ExtendWith(D1SnapshotExtension.class)} is harmless (JUnit registers a class once), but do not also register
 * an instance with {@code @RegisterExtension}: with {@code @D1Snapshot} on the class JUnit then holds two, and every
 * annotated parameter fails with "competing ParameterResolvers".
 *
 * <p>Class-level snapshots and those of {@code @BeforeAll}/{@code @AfterAll} parameters are exported in
 * {@code beforeAll}; method-level ones and the parameter-level ones of the test method and of its
 * {@code @BeforeEach}/{@code @AfterEach} methods in {@code beforeEach}; constructor parameters' before the instance is
 * made, fields' when the instance is post-processed (static fields in {@code beforeAll}). Exporting in callbacks,
 * before JUnit resolves parameters, is what lets a snapshot without credentials skip the tests instead of failing
 * them. Each distinct export is made once per run and shared through
 * the root store. Like {@code @TempDir}, the extension keeps no state of its own: everything is in the
 * {@link ExtensionContext.Store}.
 *
 * <h2>For other extensions</h2>
 * Each snapshot is published, as a {@link D1SnapshotFile}, in the store of the context it was declared or used in
 * (the class's for class-level declarations, the test's for the others), in namespace {@link #NAMESPACE}; child
 * contexts see their ancestors' entries. The key ({@link #storeKey(D1SnapshotFile)}):
 * <ul>
 *   <li>a named snapshot: {@code "d1.snapshot:" + name}, see {@link #storeKey(String)};</li>
 *   <li>an unnamed one: {@code "d1.snapshot.unnamed:" + url + " tables=" + tables}, then {@code " noData"} or
 *   {@code " noSchema"} if set, with the URL and tables as {@link D1SnapshotFile#url()} and
 *   {@link D1SnapshotFile#tables()} show them (tables {@code all} when empty), e.g.
 *   {@code d1.snapshot.unnamed:d1:cloudflare://acc/db tables=[customers, orders]}; and, when the URL does not show
 *   every part of the export ({@link D1SnapshotFile#urlShowsAll()} is false: a token-shaped account id or database
 *   shown as {@code ****}, say), {@code " file="} and the file's path; so several unnamed snapshots of a context
 *   never hide each other, and one export has one key however its declarations spelt its URL.</li>
 * </ul>
 * Use {@link #publishedSnapshot(ExtensionContext, String)} for a named one and
 * {@link #publishedSnapshots(ExtensionContext)} for all, from a {@code beforeEach} (or later) callback registered
 * after this extension.
 */
public final class D1SnapshotExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
        TestInstancePreConstructCallback, TestInstancePostProcessor, ParameterResolver, TestWatcher,
        InvocationInterceptor {

    /** The store namespace of the extension and of the published snapshots. */
    public static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            D1SnapshotExtension.class);

    private static final String KEY_PREFIX = "d1.snapshot:";
    private static final String UNNAMED_KEY_PREFIX = "d1.snapshot.unnamed:";

    /** Creates the extension; JUnit does this when it sees {@link D1Snapshot}. */
    public D1SnapshotExtension() {
    }

    /**
     * The store key under which a named snapshot is published in {@link #NAMESPACE}.
     *
     * @param name the {@link D1Snapshot#name()}
     * @return {@code "d1.snapshot:" + name}
     * @throws IllegalArgumentException if the name is empty: unnamed snapshots are published under
     *                                  {@link #storeKey(D1SnapshotFile)}
     */
    public static String storeKey(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Unnamed snapshots are published each under a key of its own,"
                    + " storeKey(D1SnapshotFile); list them with publishedSnapshots(context)");
        }
        return KEY_PREFIX + name;
    }

    /**
     * The store key under which a snapshot is published in {@link #NAMESPACE}.
     *
     * @param snapshot the snapshot
     * @return {@link #storeKey(String) storeKey(name)} for a named snapshot; for an unnamed one
     *         {@code "d1.snapshot.unnamed:<url> tables=<all|[a, b]>[ noData][ noSchema]"}, followed by
     *         {@code " file=<path>"} when the URL does not show every part of the export
     *         ({@link D1SnapshotFile#urlShowsAll()})
     */
    public static String storeKey(D1SnapshotFile snapshot) {
        if (!snapshot.name().isEmpty()) {
            return storeKey(snapshot.name());
        }
        // Where the URL masks what tells two databases apart, the file does: one per export, and nothing secret.
        return UNNAMED_KEY_PREFIX + snapshot.url() + " tables=" + (snapshot.tables().isEmpty() ? "all"
                : snapshot.tables()) + (snapshot.noData() ? " noData" : "") + (snapshot.noSchema() ? " noSchema" : "")
                + (snapshot.urlShowsAll() ? "" : " file=" + snapshot.path());
    }

    /**
     * A named snapshot published in a context or one of its ancestors.
     *
     * @param context the context
     * @param name    the {@link D1Snapshot#name()}
     * @return the snapshot, if one with that name has been exported for the context
     * @throws IllegalArgumentException if the name is empty; see {@link #publishedSnapshots(ExtensionContext)}
     */
    public static Optional<D1SnapshotFile> publishedSnapshot(ExtensionContext context, String name) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(storeKey(name), D1SnapshotFile.class));
    }

    /**
     * Every snapshot, named or not, published in a context or one of its ancestors.
     *
     * @param context the context
     * @return the snapshots, the context's own first, then its parent's, and so on; each key once
     */
    public static List<D1SnapshotFile> publishedSnapshots(ExtensionContext context) {
        return PublishedSnapshots.visibleFrom(context);
    }

    /**
     * Disables nothing: it starts watching a test class for a failure of its own, so that cleanup
     * {@code on_success} keeps what the class's tests would have used. JUnit asks its conditions about a
     * class before anything else runs for it, its test instance ({@code PER_CLASS}) and every extension's
     * {@code beforeAll} included, so the watch sees a failure there even when it comes from an extension registered
     * before this one; {@link #beforeAll(ExtensionContext)}, which such a failure skips, would be too late. Asked about
     * a test, it watches the classes around it: an extension registered by a test method's or its parameter's
     * annotation alone (or, on JUnit 5.10, by an instance field's) is never asked about the class, whose
     * {@code @AfterAll} can still fail it after the test used its snapshot.
     *
     * @param context the context of a class, a test or a container
     * @return enabled, always
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        watchClasses(context);
        return ConditionEvaluationResult.enabled("@D1Snapshot does not disable tests");
    }

    /** Starts the {@link ClassFailureWatch} of every class context from this one outwards. */
    private static void watchClasses(ExtensionContext context) {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            if (current.get().getTestClass().isPresent() && current.get().getTestMethod().isEmpty()) {
                ClassFailureWatch.watch(current.get(), D1SnapshotExtension::markUsedByFailedTest);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Also here, first, though the condition above normally started it: conditions can be deactivated by name
        // (junit.jupiter.conditions.deactivate), and a failure of anything below, or of the class's own @BeforeAll,
        // must still be seen.
        watchClasses(context);
        MisplacedAnnotationCheck.check(context, context.getRequiredTestClass());
        for (SnapshotDeclaration declaration : SnapshotScopes.ofClass(context.getRequiredTestClass())) {
            try {
                obtain(context, declaration);
            } catch (TestAbortedException e) {
                // Missing credentials skip the tests, not the class: each test that runs with the snapshot is
                // skipped in beforeEach with this reason, which build tools count (a class aborted here drops out of
                // Maven Surefire's report). A static field or lifecycle parameter that needs it aborts the class below.
            }
        }
        injectFields(context, null, context.getRequiredTestClass());
        // Exported here rather than when JUnit resolves the parameter: from a resolver, a skip for missing
        // credentials would reach JUnit wrapped in a ParameterResolutionException and fail the class instead.
        prepareLifecycleParameters(context, context.getRequiredTestClass(), BeforeAll.class, AfterAll.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Also here: an extension registered by a test method's annotation alone has no beforeAll; and the watches
        // again, in case the condition that normally starts them was deactivated.
        watchClasses(context);
        MisplacedAnnotationCheck.check(context, context.getRequiredTestClass());
        for (DeclaredSnapshot visible : SnapshotScopes.visible(context, true)) {
            // Every snapshot the test runs with gets a lease in the test's store, so ON_SUCCESS sees its failure.
            obtain(context, visible.declaration());
        }
        context.getTestMethod().ifPresent(method -> prepareOwnParameters(context, method));
        injectUnassignedFields(context);
        leaseInstanceDeclarations(context);
        // The lifecycle methods that run around this test: its class's and, for @Nested tests, the enclosing ones'.
        Set<Class<?>> classes = new HashSet<>();
        for (Optional<ExtensionContext> current = context.getParent(); current.isPresent();
                current = current.get().getParent()) {
            Optional<Class<?>> type = current.get().getTestClass();
            if (type.isPresent() && current.get().getTestMethod().isEmpty() && classes.add(type.get())) {
                prepareLifecycleParameters(context, type.get(), BeforeEach.class, AfterEach.class);
            }
        }
    }

    /**
     * Assigns the snapshot fields of instances that were not post-processed by this extension. JUnit 5.10 registers
     * an extension declared only by an instance field's annotation after the instance was post-processed (5.11 and
     * later before), so such a field is still {@code null} here; the extension always assigns a value, so
     * {@code null} means not yet.
     */
    private void injectUnassignedFields(ExtensionContext context) {
        List<Object> instances = context.getTestInstances().map(TestInstances::getAllInstances).orElse(List.of());
        for (Object instance : instances) {
            for (Field field : snapshotFields(instance.getClass(), false)) {
                // Only an annotated field registers the extension late; a class that does not register it keeps
                // its other fields to itself.
                boolean annotated = AnnotationSupport.isAnnotated(field, D1Snapshot.class)
                        || AnnotationSupport.isAnnotated(field, D1Snapshots.class);
                // A final one can only have been skipped: injecting reports it.
                if (annotated && (Modifier.isFinal(field.getModifiers()) || unassigned(field, instance))) {
                    injectFields(classContext(context, instance.getClass()), instance, instance.getClass());
                    break;
                }
            }
        }
    }

    /** The context of the class an instance belongs to (an enclosing one for a @Nested test's outer instance). */
    private static ExtensionContext classContext(ExtensionContext context, Class<?> type) {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            if (current.get().getTestMethod().isEmpty() && current.get().getTestClass().orElse(null) == type) {
                return current.get();
            }
        }
        return context;
    }

    /** Whether an unannotated field already holds a value, which then is not the extension's to replace. */
    private static boolean assigned(Field field, Object instance) {
        try {
            field.setAccessible(true);
            return field.get(instance) != null;
        } catch (IllegalAccessException | RuntimeException e) {
            // Assigning reports it with the field's name.
            return false;
        }
    }

    private static boolean unassigned(Field field, Object instance) {
        try {
            field.setAccessible(true);
            return field.get(instance) == null;
        } catch (IllegalAccessException | RuntimeException e) {
            // injectFields reports it with the field's name.
            return true;
        }
    }

    /**
     * Gives the test a lease on the snapshots its instances declare themselves (annotated fields and constructor
     * parameters with attributes), exported when the instance was made. JUnit 5 makes instances in the class's
     * context, so without this lease only the class would hold them and ON_SUCCESS would miss the test's failure; a
     * PER_CLASS instance serves every test, so a failure of any of them keeps the file.
     */
    private void leaseInstanceDeclarations(ExtensionContext context) {
        List<Object> instances = context.getTestInstances().map(TestInstances::getAllInstances).orElse(List.of());
        for (Object instance : instances) {
            for (SnapshotDeclaration declaration : constructorDeclarations(instance.getClass())) {
                obtain(context, declaration);
            }
            for (SnapshotDeclaration declaration : ownFieldDeclarations(instance.getClass(), false)) {
                obtain(context, declaration);
            }
        }
    }

    @SafeVarargs
    private void prepareLifecycleParameters(ExtensionContext context, Class<?> type,
            Class<? extends Annotation>... lifecycles) {
        for (Method method : lifecycleMethods(type, lifecycles)) {
            prepareOwnParameters(context, method);
            for (Parameter parameter : method.getParameters()) {
                List<D1Snapshot> annotations = AnnotationSupport.findRepeatableAnnotations(parameter,
                        D1Snapshot.class);
                boolean takesDeclared = annotations.isEmpty() ? parameter.getType() == D1SnapshotFile.class
                        : annotations.size() == 1 && !SnapshotDeclaration.declaresOwn(annotations.get(0))
                                && (parameter.getType() == Path.class || parameter.getType() == D1SnapshotFile.class);
                if (takesDeclared) {
                    // One that takes a snapshot declared around it: the skip of its missing credentials too. A
                    // @BeforeEach/@AfterEach parameter sees the test method's declarations, as resolveParameter does.
                    select(context, annotations.stream().findFirst(), ParameterNames.describe(parameter),
                            context.getTestMethod().isPresent(), ParameterResolutionException::new);
                }
            }
        }
    }

    /** The methods of a class (inherited ones first) that carry one of the lifecycle annotations. */
    @SafeVarargs
    private static List<Method> lifecycleMethods(Class<?> type, Class<? extends Annotation>... lifecycles) {
        List<Method> methods = new ArrayList<>();
        for (Class<? extends Annotation> lifecycle : lifecycles) {
            methods.addAll(AnnotationSupport.findAnnotatedMethods(type, lifecycle, HierarchyTraversalMode.TOP_DOWN));
        }
        return methods;
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        // The class-level snapshots first, when the constructor takes one: a skip for missing credentials thrown
        // here stays a skip (of the test, or of a PER_CLASS class), where the constructor's parameter resolution
        // would turn it into a failure. Only then: a PER_CLASS instance that takes none must not skip its whole class
        // (and its @BeforeAll) for a snapshot that each test needing it skips in beforeEach.
        if (takesDeclaredSnapshot(factoryContext.getTestClass())) {
            for (DeclaredSnapshot visible : SnapshotScopes.visible(context, false)) {
                obtain(visible.context(), visible.declaration());
            }
        }
        for (SnapshotDeclaration declaration : constructorDeclarations(factoryContext.getTestClass())) {
            obtain(context, declaration);
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        injectFields(context, testInstance, testInstance.getClass());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        List<D1Snapshot> annotations = parameterContext.findRepeatableAnnotations(D1Snapshot.class);
        if (annotations.isEmpty()) {
            return type == D1SnapshotFile.class;
        }
        if (annotations.size() > 1) {
            throw new ParameterResolutionException(describe(parameterContext) + " has " + annotations.size()
                    + " @D1Snapshot annotations; a parameter takes one snapshot");
        }
        if (type != Path.class && type != D1SnapshotFile.class) {
            throw new ParameterResolutionException("@D1Snapshot " + describe(parameterContext)
                    + " must be of type java.nio.file.Path or " + D1SnapshotFile.class.getName() + ", not "
                    + type.getName());
        }
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Optional<D1Snapshot> annotation = parameterContext.findRepeatableAnnotations(D1Snapshot.class).stream()
                .findFirst();
        boolean includeMethod = parameterContext.getDeclaringExecutable() instanceof java.lang.reflect.Method
                && extensionContext.getTestMethod().isPresent();
        D1SnapshotFile snapshot = select(extensionContext, annotation, describe(parameterContext), includeMethod,
                ParameterResolutionException::new);
        return parameterContext.getParameter().getType() == Path.class ? snapshot.path() : snapshot;
    }

    /**
     * Keeps, under cleanup {@code on_success}, every snapshot the failed test used or would have used. Leases see
     * failures of the contexts that hold them; this covers a test that failed before {@code beforeEach} gave it its
     * leases (a constructor or another extension threw) and the class-wide snapshots of static fields and
     * {@code @BeforeAll}/{@code @AfterAll} parameters, whose class context does not fail with one of its tests.
     *
     * @param context the failed test's context
     * @param cause   why it failed
     */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        markUsedByFailedTest(context);
    }

    /**
     * Keeps, under cleanup {@code on_success}, the snapshots of a {@code @TestFactory} whose dynamic test failed:
     * JUnit tells no {@link TestWatcher} about dynamic tests, and the factory's context does not fail with them.
     *
     * @param invocation        the dynamic test
     * @param invocationContext its executable
     * @param extensionContext  the dynamic test's context
     * @throws Throwable what the dynamic test threw
     */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        try {
            invocation.proceed();
        } catch (Throwable failure) {
            if (!(failure instanceof TestAbortedException)) {
                markUsedByFailedTest(extensionContext);
            }
            throw failure;
        }
    }

    /**
     * Marks what a failed test, or every test of a failed class (through its {@link ClassFailureWatch}), used or would
     * have used: the declarations visible from the context and those of the classes around it.
     */
    private static void markUsedByFailedTest(ExtensionContext context) {
        List<SnapshotDeclaration> declarations = new ArrayList<>();
        // A declaration that does not hold together failed the test already; the others are still marked.
        collect(declarations, () -> SnapshotScopes.visible(context, true).stream()
                .map(DeclaredSnapshot::declaration).toList());
        if (context.getTestMethod().isEmpty() && context.getTestClass().isPresent()) {
            // A failed class counts as a failure of each of its tests: what they declare themselves too (an @AfterAll
            // fails the class after they used it; an export another class made is there before a @BeforeAll fails).
            for (Method method : JupiterTests.of(context.getTestClass().get())) {
                collect(declarations, () -> SnapshotScopes.ofMethod(method));
                collect(declarations, () -> ownParameterDeclarations(method));
            }
        }
        Set<Class<?>> classes = new HashSet<>();
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            // The test method, or for a dynamic test its factory.
            current.get().getTestMethod().ifPresent(method -> collect(declarations,
                    () -> ownParameterDeclarations(method)));
            Optional<Class<?>> type = current.get().getTestClass();
            if (type.isEmpty() || !classes.add(type.get())) {
                continue;
            }
            collect(declarations, () -> constructorDeclarations(type.get()));
            for (boolean statics : new boolean[] {true, false}) {
                collect(declarations, () -> ownFieldDeclarations(type.get(), statics));
            }
            for (Method method : lifecycleMethods(type.get(), BeforeAll.class, AfterAll.class, BeforeEach.class,
                    AfterEach.class)) {
                collect(declarations, () -> ownParameterDeclarations(method));
            }
        }
        for (SnapshotDeclaration declaration : declarations) {
            SnapshotService.markUsedByFailedTest(context, declaration);
        }
    }

    private static void collect(List<SnapshotDeclaration> into, Supplier<List<SnapshotDeclaration>> found) {
        try {
            into.addAll(found.get());
        } catch (ExtensionConfigurationException e) {
            // Reported where the declaration was used.
        }
    }

    private void prepareOwnParameters(ExtensionContext context, Executable executable) {
        for (SnapshotDeclaration declaration : ownParameterDeclarations(executable)) {
            obtain(context, declaration);
        }
    }

    /**
     * Whether the class's one constructor has a parameter that takes a snapshot declared around it (a
     * {@code D1SnapshotFile} without the annotation, or a {@code Path} or {@code D1SnapshotFile} whose annotation has
     * no attributes but {@code name}).
     */
    private static boolean takesDeclaredSnapshot(Class<?> type) {
        Constructor<?>[] constructors = type.getDeclaredConstructors();
        if (constructors.length != 1) {
            return false;
        }
        for (Parameter parameter : constructors[0].getParameters()) {
            List<D1Snapshot> annotations = AnnotationSupport.findRepeatableAnnotations(parameter, D1Snapshot.class);
            if (annotations.isEmpty() ? parameter.getType() == D1SnapshotFile.class
                    : annotations.size() == 1 && !SnapshotDeclaration.declaresOwn(annotations.get(0))) {
                return true;
            }
        }
        return false;
    }

    /** The constructor parameters that declare a snapshot of their own, when the class has one constructor. */
    private static List<SnapshotDeclaration> constructorDeclarations(Class<?> type) {
        Constructor<?>[] constructors = type.getDeclaredConstructors();
        return constructors.length == 1 ? ownParameterDeclarations(constructors[0]) : List.of();
    }

    /** The parameters of an executable that declare a snapshot of their own (a single annotation with attributes). */
    private static List<SnapshotDeclaration> ownParameterDeclarations(Executable executable) {
        List<SnapshotDeclaration> declarations = new ArrayList<>();
        for (Parameter parameter : executable.getParameters()) {
            List<D1Snapshot> annotations = AnnotationSupport.findRepeatableAnnotations(parameter, D1Snapshot.class);
            if (annotations.size() == 1 && SnapshotDeclaration.declaresOwn(annotations.get(0))) {
                declarations.add(new SnapshotDeclaration(annotations.get(0), ParameterNames.describe(parameter)));
            }
        }
        return declarations;
    }

    /** The fields of a class that declare a snapshot of their own. */
    private static List<SnapshotDeclaration> ownFieldDeclarations(Class<?> type, boolean statics) {
        List<SnapshotDeclaration> declarations = new ArrayList<>();
        for (Field field : snapshotFields(type, statics)) {
            List<D1Snapshot> annotations = AnnotationSupport.findRepeatableAnnotations(field, D1Snapshot.class);
            if (annotations.size() == 1 && SnapshotDeclaration.declaresOwn(annotations.get(0))) {
                declarations.add(new SnapshotDeclaration(annotations.get(0), describe(field)));
            }
        }
        return declarations;
    }

    private static List<Field> snapshotFields(Class<?> type, boolean statics) {
        return ReflectionSupport.findFields(type, field -> Modifier.isStatic(field.getModifiers())
                == statics && (field.getType() == D1SnapshotFile.class
                        || AnnotationSupport.isAnnotated(field, D1Snapshot.class)
                        || AnnotationSupport.isAnnotated(field, D1Snapshots.class)),
                HierarchyTraversalMode.TOP_DOWN);
    }

    private static String describe(Field field) {
        return "field " + field.getDeclaringClass().getName() + "." + field.getName();
    }

    private void injectFields(ExtensionContext context, Object instance, Class<?> type) {
        for (Field field : snapshotFields(type, instance == null)) {
            if (!Modifier.isStatic(field.getModifiers())
                    && RecordComponents.isComponent(field.getDeclaringClass(), field.getName())) {
                // Final, and set by the canonical constructor, whose parameter this extension resolved.
                continue;
            }
            String description = describe(field);
            List<D1Snapshot> annotations = AnnotationSupport.findRepeatableAnnotations(field, D1Snapshot.class);
            if (annotations.isEmpty() && !AnnotationSupport.isAnnotated(field, D1Snapshots.class)
                    && (Modifier.isFinal(field.getModifiers()) || instance != null && assigned(field, instance)
                            || SnapshotScopes.visible(context, false).size() != 1)) {
                // An unannotated D1SnapshotFile field asked for nothing: it is filled only when the class has exactly
                // one snapshot to give and the test has not set it itself (in its constructor, say); otherwise it is
                // the test's own holder (filled from a @BeforeAll, say), never an error.
                continue;
            }
            if (annotations.size() > 1) {
                throw new ExtensionConfigurationException(description + " has " + annotations.size()
                        + " @D1Snapshot annotations; a field takes one snapshot");
            }
            if (field.getType() != Path.class && field.getType() != D1SnapshotFile.class) {
                throw new ExtensionConfigurationException("@D1Snapshot " + description
                        + " must be of type java.nio.file.Path or " + D1SnapshotFile.class.getName() + ", not "
                        + field.getType().getName());
            }
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@D1Snapshot " + description
                        + " must not be final: the extension assigns it");
            }
            D1SnapshotFile snapshot;
            try {
                snapshot = select(context, annotations.stream().findFirst(), description, false,
                        ExtensionConfigurationException::new);
            } catch (TestAbortedException e) {
                if (annotations.isEmpty()) {
                    // An unannotated field asked for nothing: it must not skip a whole class (static, PER_CLASS) for
                    // missing credentials; each test that needs the snapshot is skipped in beforeEach instead.
                    continue;
                }
                throw e;
            }
            Object value = field.getType() == Path.class ? snapshot.path() : snapshot;
            try {
                // Field.setAccessible, not ReflectionSupport.makeAccessible, which JUnit 5.10 and 5.11 lack.
                field.setAccessible(true);
                field.set(instance, value);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new ExtensionConfigurationException("Cannot assign @D1Snapshot " + description + ": " + e, e);
            }
        }
    }

    private D1SnapshotFile select(ExtensionContext context, Optional<D1Snapshot> annotation, String target,
            boolean includeMethod, Function<String, ? extends RuntimeException> error) {
        if (annotation.isPresent() && SnapshotDeclaration.declaresOwn(annotation.get())) {
            return obtain(context, new SnapshotDeclaration(annotation.get(), target));
        }
        String name = annotation.map(D1Snapshot::name).orElse("");
        List<DeclaredSnapshot> visible = SnapshotScopes.visible(context, includeMethod);
        List<DeclaredSnapshot> candidates = new ArrayList<>();
        for (DeclaredSnapshot candidate : visible) {
            if (name.isEmpty() || candidate.declaration().name().equals(name)) {
                candidates.add(candidate);
            }
        }
        String where = includeMethod ? "the test method, its class or an enclosing class"
                : "the class or an enclosing class";
        if (candidates.isEmpty()) {
            if (!name.isEmpty()) {
                throw error.apply("No @D1Snapshot named '" + name + "' is declared on " + where + " for " + target
                        + "; declared: " + describeAll(visible));
            }
            throw error.apply("No @D1Snapshot is declared on " + where + " for " + target + "; declare one there,"
                    + (annotation.isPresent() ? " or give this annotation attributes (e.g. tables) to declare its own"
                    : " or annotate it with @D1Snapshot and attributes (e.g. tables) to declare its own"));
        }
        if (candidates.size() > 1) {
            throw error.apply((name.isEmpty() ? "" : "Several snapshots are named '" + name + "': ") + target
                    + " could mean " + candidates.size() + " snapshots: " + describeAll(candidates)
                    + "; select one with @D1Snapshot(name = \"...\")"
                    + (name.isEmpty() ? " and name the declarations" : " after giving them different names"));
        }
        DeclaredSnapshot chosen = candidates.get(0);
        D1SnapshotFile snapshot = obtain(chosen.context(), chosen.declaration());
        if (chosen.context() != context) {
            // The user's own context holds a lease too, so a failure here keeps the file under ON_SUCCESS.
            obtain(context, chosen.declaration());
        }
        return snapshot;
    }

    private static D1SnapshotFile obtain(ExtensionContext context, SnapshotDeclaration declaration) {
        SnapshotLease lease = SnapshotService.lease(context, declaration);
        SnapshotSettings settings = SnapshotSettings.of(context);
        MissingCredentialsMode mode = settings.missingCredentials();
        // Read before it is needed, so a misspelt value fails every run, not only one where a name is unmatched.
        UnmatchedTablesMode unmatchedTables = settings.unmatchedTables();
        D1SnapshotFile snapshot = lease.snapshot(mode);
        if (!snapshot.unmatchedTables().isEmpty() && unmatchedTables == UnmatchedTablesMode.FAIL) {
            // D1 exports nothing for such a name and says nothing: for a test fixture that is a mistake to report.
            List<String> notices = new ArrayList<>();
            for (String message : snapshot.messages()) {
                if (snapshot.unmatchedTables().stream().anyMatch(t -> message.contains("'" + t + "'"))) {
                    notices.add(message);
                }
            }
            throw new ExtensionConfigurationException("@D1Snapshot " + declaration.describe() + ": "
                    + (notices.isEmpty() ? "tables that match nothing in the database: " + snapshot.unmatchedTables()
                    : String.join("; ", notices)) + "; set " + D1Snapshot.UNMATCHED_TABLES_PROPERTY_NAME
                    + "=warn to go on with such a snapshot");
        }
        String key = storeKey(snapshot);
        // Checked first, so a second meaning of a name never replaces the first in the store.
        PublishedSnapshots.record(context, key, snapshot, declaration);
        context.getStore(NAMESPACE).put(key, snapshot);
        return snapshot;
    }

    private static String describeAll(List<DeclaredSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return "none";
        }
        List<String> described = new ArrayList<>();
        for (DeclaredSnapshot snapshot : snapshots) {
            described.add(snapshot.declaration().describe());
        }
        return String.join("; ", described);
    }

    private static String describe(ParameterContext parameterContext) {
        return ParameterNames.describe(parameterContext.getParameter());
    }
}
