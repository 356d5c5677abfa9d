package dev.d1export.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares a D1 snapshot a test needs: the extension exports the tables once per test run, before the tests that need
 * them, through the provider the URL names, and injects the SQL file.
 *
 * <pre>{@code
 * @D1Snapshot(tables = {"orders", "customers"})
 * class OrderRepositoryTest {
 *     @Test void loads(@D1Snapshot Path sql) { ... }                        // the class-level snapshot
 *     @Test void onlyOrders(@D1Snapshot(tables = "orders") Path sql) { ... } // its own
 *     @Test void withMetadata(D1SnapshotFile snapshot) { ... }              // path plus tables, bookmark, size
 * }
 * }</pre>
 *
 * <h2>Where it goes</h2>
 * <ul>
 *   <li>On a class (inherited by subclasses, serving its methods and {@code @Nested} classes): exported before all
 *   tests of the class.</li>
 *   <li>On a method: exported before that test.</li>
 *   <li>On a parameter (of a test method, a constructor, or a {@code @BeforeAll}, {@code @BeforeEach},
 *   {@code @AfterEach} or {@code @AfterAll} method) or a field, of type {@link java.nio.file.Path} or
 *   {@link D1SnapshotFile}: without attributes (or with only {@link #name()}) it means the one snapshot declared on
 *   the method, the class or an enclosing class (selected by name when there are several); with any other attribute
 *   it declares its own.</li>
 *   <li>On another annotation, to make a reusable meta-annotation.</li>
 * </ul>
 * Parameters and fields of type {@link D1SnapshotFile} are injected with or without this annotation (a field of that
 * type only when the extension is registered, e.g. by a class-level {@code @D1Snapshot}); parameters and fields of
 * type {@code Path} need it.
 *
 * <h2>Sharing</h2>
 * There is one export per distinct (URL with its properties, set of tables, {@code noData}, {@code noSchema}) per test
 * run, shared by every class that declares it, also when tests run in parallel (they wait for the one export).
 *
 * <h2>Configuration</h2>
 * JUnit configuration parameters ({@code junit-platform.properties}, system properties, launcher parameters):
 * <ul>
 *   <li>{@value #URL_PROPERTY_NAME}: the default URL, else the environment variable {@value #URL_ENVIRONMENT_VARIABLE},
 *   so account ids stay out of test code;</li>
 *   <li>{@value #DIR_PROPERTY_NAME}: where files go; default {@code target/d1-snapshots/<run>} (Gradle:
 *   {@code build/d1-snapshots/<run>}) of the module under test;</li>
 *   <li>{@value #CLEANUP_PROPERTY_NAME}: {@code always} (default), {@code on_success} (keep the files when a test
 *   that used them failed, even in its constructor or before it ran; static fields, {@code @BeforeAll} and
 *   {@code @AfterAll} parameters, and the fields and constructor parameters of a {@code PER_CLASS} instance serve
 *   every test of the class, so any of them failing keeps those files) or {@code never}; files are deleted at the
 *   end of the run;</li>
 *   <li>{@value #MISSING_CREDENTIALS_PROPERTY_NAME}: {@code skip} (default: tests that need a snapshot whose provider
 *   has no credentials are skipped, with a reason that says what to set) or {@code fail};</li>
 *   <li>{@value #UNMATCHED_TABLES_PROPERTY_NAME}: {@code fail} (default: a snapshot naming a table the database does
 *   not have, or with {@link #noSchema()} a view, index or trigger, fails its tests, naming it) or {@code warn};</li>
 *   <li>{@value #PROPERTY_PREFIX}{@code <option>}: a provider option (e.g. {@code d1.snapshot.property.api-token}),
 *   else the environment variable {@value #PROPERTY_ENVIRONMENT_PREFIX}{@code <OPTION>} (upper case, {@code _} for
 *   {@code -} and {@code .}, e.g. {@code D1_SNAPSHOT_PROPERTY_API_TOKEN}). Each snapshot gets only the options its
 *   provider declares, so one run can mix providers (a cloudflare {@code api-token} does not reach a sqlite
 *   snapshot). Secrets go here, never in the URL; they are never logged. A key that is a slip of an option of a
 *   provider found ({@code api_token}, {@code losless}) in the system properties, {@code junit-platform.properties}
 *   or the environment (where a variable in another case is one too, except on Windows, which reads it as the
 *   option's) is an {@code ExtensionConfigurationException} naming the option meant (unless
 *   {@value #PROPERTY_CHECK_PROPERTY_NAME} is {@code off}), and a value an option refuses is one naming the parameter
 *   or variable that set it; other unknown keys are left alone, since a shared configuration may hold options of a
 *   provider this class path does not have.</li>
 * </ul>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(D1Snapshots.class)
@ExtendWith(D1SnapshotExtension.class)
public @interface D1Snapshot {

    /** Configuration parameter with the default URL: {@value}. */
    String URL_PROPERTY_NAME = "d1.snapshot.url";

    /** Environment variable with the default URL, read when {@value #URL_PROPERTY_NAME} is not set: {@value}. */
    String URL_ENVIRONMENT_VARIABLE = "D1_SNAPSHOT_URL";

    /** Configuration parameter with the folder for snapshot files (a per-run folder is made inside): {@value}. */
    String DIR_PROPERTY_NAME = "d1.snapshot.dir";

    /** Configuration parameter with the cleanup policy, {@code always}, {@code on_success} or {@code never}: {@value}. */
    String CLEANUP_PROPERTY_NAME = "d1.snapshot.cleanup";

    /** Configuration parameter saying what to do when a provider has no credentials, {@code skip} or {@code fail}: {@value}. */
    String MISSING_CREDENTIALS_PROPERTY_NAME = "d1.snapshot.missing-credentials";

    /**
     * Configuration parameter saying what a snapshot does when a table it names matches nothing in the database
     * (when the provider can tell; with {@link #noSchema()}, a view, index or trigger, which such a dump holds nothing
     * for, matches nothing too): {@code fail} (default: the export is refused before it starts, through
     * {@code ExportRequest.failOnUnmatchedTables}, and its tests fail with an {@code ExtensionConfigurationException}
     * naming the table, and the name that differs only in case if there is one) or {@code warn} (a warning is logged and {@link D1SnapshotFile#unmatchedTables()} lists it): {@value}.
     */
    String UNMATCHED_TABLES_PROPERTY_NAME = "d1.snapshot.unmatched-tables";

    /**
     * Configuration parameter that turns off the check of {@link #PROPERTY_PREFIX} keys (and their environment
     * variables; among a launcher's own parameters, which JUnit does not list, the usual slips asked for by name) for
     * slips of a provider's option names, such as {@code api_token} for {@code api-token}:
     * {@code fail} (default: such a key is an {@code ExtensionConfigurationException} naming the option meant) or
     * {@code off}, for a key that is meant as it is: {@value}.
     */
    String PROPERTY_CHECK_PROPERTY_NAME = "d1.snapshot.property-check";

    /** Prefix of configuration parameters that set provider options, e.g. {@code d1.snapshot.property.api-token}: {@value}. */
    String PROPERTY_PREFIX = "d1.snapshot.property.";

    /** Prefix of environment variables that set provider options, e.g. {@code D1_SNAPSHOT_PROPERTY_API_TOKEN}: {@value}. */
    String PROPERTY_ENVIRONMENT_PREFIX = "D1_SNAPSHOT_PROPERTY_";

    /**
     * The export URL, e.g. {@code d1:cloudflare://<account>/<database>}; empty means the configured default.
     *
     * @return the URL, without secrets
     */
    String url() default "";

    /**
     * The tables to export; empty means all.
     *
     * @return the table names
     */
    String[] tables() default {};

    /**
     * Whether to leave out the rows (schema only).
     *
     * @return {@code true} for a schema-only dump
     */
    boolean noData() default false;

    /**
     * Whether to leave out the schema (rows only).
     *
     * @return {@code true} for a data-only dump
     */
    boolean noSchema() default false;

    /**
     * A name to tell several snapshots apart; a parameter or field selects a snapshot with it. A {@code @Nested}
     * class's declaration hides one of the same name on an enclosing class for the nested class's tests; two different
     * declarations of one name on a class (with its superclasses) and its test methods are an error. So is a field of
     * an enclosing class that declares its own snapshot under a name the nested class declares too, for a different
     * snapshot: the nested tests run with that outer instance and use its field's snapshot, so it is not hidden.
     *
     * @return the name; empty for an unnamed snapshot
     */
    String name() default "";
}
