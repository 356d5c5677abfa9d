package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What the JVM's threads (the fake server's among them) are doing, and a wait for a state of theirs: a test waits
 * for the state its scenario needs rather than sleeping for a guess at how long reaching it takes. Reading stacks
 * assumes no other test class runs in the JVM meanwhile, as Surefire runs them one after another here.
 */
final class ThreadWatch {

    private ThreadWatch() {
    }

    /** The stacks of the JVM's live threads. */
    static Stream<StackTraceElement[]> stacks() {
        return Thread.getAllStackTraces().values().stream();
    }

    /** Whether a stack has a frame in the named method of the named class. */
    static boolean inMethod(StackTraceElement[] stack, String className, String methodName) {
        return Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals(className)
                && frame.getMethodName().equals(methodName));
    }

    /** Whether a stack is in {@link Thread#sleep} (whose inner methods each JDK names its own way). */
    static boolean sleeping(StackTraceElement[] stack) {
        return Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals(Thread.class.getName())
                && frame.getMethodName().startsWith("sleep"));
    }

    /**
     * Waits until a condition holds, checking every 5 ms; fails after 30 s, a hang guard rather than a speed check.
     * The condition may itself assert what must stay true meanwhile.
     */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for " + what).isLessThan(end);
            Thread.sleep(5);
        }
    }
}
