package dev.d1export.junitmain;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.d1export.junit.D1Snapshot;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Run in a child JVM by {@code EnvironmentVariablesTest}: runs one test class with the Jupiter engine, in a JVM whose
 * environment the test chose (a JVM cannot change its own), and prints one line per finished test or container:
 * {@code <STATUS> <display name>: <throwable>}, newlines in messages shown as {@code \n}.
 */
public final class EngineRunMain {

    private EngineRunMain() {
    }

    /**
     * Runs the class and prints its outcome.
     *
     * @param args the test class's binary name, the snapshot folder
     * @throws Exception when the class cannot be loaded (the test reads the output)
     */
    public static void main(String[] args) throws Exception {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(D1Snapshot.DIR_PROPERTY_NAME, args[1])
                .selectors(selectClass(Class.forName(args[0])))
                .execute();
        for (Event event : results.allEvents().finished().list()) {
            TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
            System.out.println(result.getStatus() + " " + event.getTestDescriptor().getDisplayName() + ": "
                    + result.getThrowable().map(Throwable::toString).orElse("-").replace("\n", "\\n"));
        }
        System.out.flush();
    }
}
