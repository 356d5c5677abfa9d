package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.ContractDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot that names a table the database does not have: D1 exports nothing for it without an error, which for a
 * test fixture is a mistake, so by default its tests fail naming the table; {@code d1.snapshot.unmatched-tables=warn}
 * goes on and lists it on {@link D1SnapshotFile}. Real sqlite exports through EngineTestKit.
 */
class UnmatchedTablesTest {

    /** What the fixtures saw. */
    static final Map<String, D1SnapshotFile> SEEN = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void forget() {
        SEEN.clear();
    }

    private EngineRun run() {
        ContractDatabase database = ContractDatabase.create(dir.resolve("db"));
        return EngineRun.in(dir.resolve("snapshots")).with(D1Snapshot.URL_PROPERTY_NAME, "d1:sqlite:"
                + database.file());
    }

    @Test
    void aTableThatMatchesNothingFailsTheTestsNamingItAndTheNameMeant() {
        Throwable failure = EngineRun.onlyFailure(run().run(MisspeltTable.class));

        assertThat(failure).hasMessageContaining("@D1Snapshot tables=[Users, posts]")
                .hasMessageContaining("No table or other object is named 'Users' (did you mean 'users'?), and the"
                        + " request fails on a name that matches nothing; nothing was exported")
                .hasMessageEndingWith("; set d1.snapshot.unmatched-tables=warn to go on with such a snapshot");
        assertThat(failure).satisfiesAnyOf(f -> assertThat(f).isInstanceOf(ExtensionConfigurationException.class),
                f -> assertThat(f).hasCauseInstanceOf(ExtensionConfigurationException.class));
        assertThat(SEEN).isEmpty();
    }

    @Test
    void withWarnTheSnapshotIsUsedAndListsTheName() {
        EngineRun.assertAllSucceeded(run().with(D1Snapshot.UNMATCHED_TABLES_PROPERTY_NAME, "WARN")
                .run(MisspeltTable.class), 1);

        D1SnapshotFile snapshot = SEEN.get("misspelt");
        assertThat(snapshot.unmatchedTables()).containsExactly("Users");
        assertThat(snapshot.messages()).anySatisfy(m -> assertThat(m).contains("'Users'"));
        assertThat(snapshot.toString()).contains("unmatchedTables=[Users]");
    }

    @Test
    void namesThatAllMatchAreNotAffected() {
        EngineRun.assertAllSucceeded(run().run(MatchingTables.class), 1);

        assertThat(SEEN.get("matching").unmatchedTables()).isEmpty();
    }

    @Test
    void aBadModeIsAConfigurationErrorNamingTheParameter() {
        // JUnit logs what a TestWatcher callback throws: the failed test's own error must not come back that way.
        List<LogRecord> junitLog = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                junitLog.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger junit = Logger.getLogger("org.junit");
        junit.addHandler(handler);
        Throwable failure;
        try {
            failure = EngineRun.onlyFailure(run().with(D1Snapshot.UNMATCHED_TABLES_PROPERTY_NAME, "ignore")
                    .run(MisspeltTable.class));
        } finally {
            junit.removeHandler(handler);
        }
        assertThat(junitLog).noneSatisfy(r -> assertThat(r.getMessage()).contains("TestWatcher"));

        assertThat(failure).hasMessageContaining("Configuration parameter 'd1.snapshot.unmatched-tables' has the"
                + " invalid value 'ignore'; expected fail or warn");
        // Also in a run where every name matches: the value is read before it is needed.
        Throwable matching = EngineRun.onlyFailure(run().with(D1Snapshot.UNMATCHED_TABLES_PROPERTY_NAME, "warnn")
                .run(MatchingTables.class));
        assertThat(matching).hasMessageContaining("Configuration parameter 'd1.snapshot.unmatched-tables' has the"
                + " invalid value 'warnn'; expected fail or warn");
    }

    /**
     * A snapshot declared both around a test and by its parameter is one export with one lease per context, made for
     * the declaration met first. Its failure is reported there, before the parameter is looked at: the class's (which
     * fails the class before its tests start), or the test method's; both ask for the same tables, so the one named
     * is wrong too, and the parameter's is named in the next run if only the first is fixed.
     */
    @Test
    void aSnapshotDeclaredAroundATestAndByItsParameterFailsNamingTheDeclarationMetFirst() {
        String table = "No table or other object is named 'Users' (did you mean 'users'?)";

        assertThat(EngineRun.onlyFailure(run().run(SharedByClassAndParameter.class)))
                .hasMessageStartingWith("@D1Snapshot tables=[Users] on class " + SharedByClassAndParameter.class
                        .getName() + ": " + table);
        assertThat(EngineRun.onlyFailure(run().run(SharedByEnclosingClassAndNestedParameter.class)))
                .hasMessageStartingWith("@D1Snapshot tables=[Users] on class "
                        + SharedByEnclosingClassAndNestedParameter.class.getName() + ": " + table);
        assertThat(EngineRun.onlyFailure(run().run(SharedByMethodAndParameter.class)))
                .hasMessageStartingWith("@D1Snapshot tables=[Users] on method " + SharedByMethodAndParameter.class
                        .getName() + ".test(): " + table);
        assertThat(SEEN).isEmpty();
    }

    @D1Snapshot(tables = "Users")
    static class SharedByClassAndParameter {
        @org.junit.jupiter.api.Test
        void test(@D1Snapshot(tables = "Users") D1SnapshotFile snapshot) {
            SEEN.put("shared", snapshot);
        }
    }

    static class SharedByMethodAndParameter {
        @D1Snapshot(tables = "Users")
        @org.junit.jupiter.api.Test
        void test(@D1Snapshot(tables = "Users") D1SnapshotFile snapshot) {
            SEEN.put("shared", snapshot);
        }
    }

    @D1Snapshot(tables = "Users")
    static class SharedByEnclosingClassAndNestedParameter {
        @Nested
        class Inner {
            @org.junit.jupiter.api.Test
            void test(@D1Snapshot(tables = "Users") D1SnapshotFile snapshot) {
                SEEN.put("shared", snapshot);
            }
        }
    }

    static class MisspeltTable {
        @org.junit.jupiter.api.Test
        void test(@D1Snapshot(tables = {"Users", "posts"}) D1SnapshotFile snapshot) {
            SEEN.put("misspelt", snapshot);
        }
    }

    static class MatchingTables {
        @org.junit.jupiter.api.Test
        void test(@D1Snapshot(tables = {"users", "posts"}) D1SnapshotFile snapshot) {
            SEEN.put("matching", snapshot);
        }
    }
}
