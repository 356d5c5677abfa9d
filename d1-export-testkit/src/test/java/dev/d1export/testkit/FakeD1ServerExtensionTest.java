package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * FakeD1Server as a JUnit 5 extension: a static field's server lives while a class that uses it runs (subclasses of a
 * base class that holds it included), an instance field's for a test.
 */
class FakeD1ServerExtensionTest {

    static final List<FakeD1Server> SEEN = new ArrayList<>();
    static final List<String> URLS = new CopyOnWriteArrayList<>();

    /** Nested so that Surefire does not run it; EngineTestKit does. */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StaticField {
        @RegisterExtension
        static final FakeD1Server SERVER = FakeD1Server.builder().build();

        @Test
        @Order(1)
        void first() throws Exception {
            SEEN.add(SERVER);
            assertThat(get(SERVER.baseUrl() + "/nowhere")).isEqualTo(404);
        }

        @Test
        @Order(2)
        void second() throws Exception {
            SEEN.add(SERVER);
            assertThat(get(SERVER.baseUrl() + "/nowhere")).as("still running").isEqualTo(404);
        }
    }

    /** Nested so that Surefire does not run it; EngineTestKit does. */
    static class InstanceField {
        @RegisterExtension
        final FakeD1Server server = FakeD1Server.builder().build();

        @Test
        void first() {
            SEEN.add(server);
        }

        @Test
        void second() {
            SEEN.add(server);
        }
    }

    /** Nested so that Surefire does not run it; EngineTestKit does. JUnit calls afterAll for each @Nested class too. */
    static class StaticFieldWithNestedClasses {
        @RegisterExtension
        static final FakeD1Server SERVER = FakeD1Server.builder().build();

        @Nested
        class First {
            @Test
            void servesTheFirstNestedClass() throws Exception {
                SEEN.add(SERVER);
                assertThat(get(SERVER.baseUrl() + "/nowhere")).isEqualTo(404);
            }
        }

        @Nested
        class Second {
            @Test
            void stillServesTheSecondNestedClass() throws Exception {
                SEEN.add(SERVER);
                assertThat(SERVER.toString()).doesNotContain("closed");
                assertThat(get(SERVER.baseUrl() + "/nowhere")).as("still running").isEqualTo(404);
            }
        }
    }

    /** Nested so that Surefire does not run it; its subclasses run through EngineTestKit. */
    abstract static class SharedBase {
        @RegisterExtension
        static final FakeD1Server SHARED = FakeD1Server.builder().build();

        void ping() throws Exception {
            URLS.add(SHARED.baseUrl());
            assertThat(get(SHARED.baseUrl() + "/nowhere")).as("running").isEqualTo(404);
        }
    }

    static class FirstSubclass extends SharedBase {
        @Test
        void servesTheFirstSubclass() throws Exception {
            ping();
        }
    }

    static class SecondSubclass extends SharedBase {
        @Test
        void servesTheSecondSubclass() throws Exception {
            ping();
        }
    }

    // The parallel case: the second class's test runs after the first class (and the server's afterAll for it) has
    // ended, while the second class is still running. The latches force that order; a missed one fails the test.
    static volatile CountDownLatch firstTestRunning;
    static volatile CountDownLatch secondClassStarted;
    static volatile CountDownLatch firstClassEnded;

    /** Nested so that Surefire does not run it; its subclasses run through EngineTestKit. */
    abstract static class ParallelBase {
        @RegisterExtension
        static final FakeD1Server PARALLEL = FakeD1Server.builder().build();
    }

    /** Class-level @ExtendWith is registered before the inherited field, so its afterAll runs after the server's. */
    @ExtendWith(SignalsItsEnd.class)
    static class FirstParallelSubclass extends ParallelBase {
        @Test
        void endsWhileTheSecondClassRuns() throws Exception {
            firstTestRunning.countDown();
            await(secondClassStarted, "the second class to start");
            assertThat(get(PARALLEL.baseUrl() + "/nowhere")).isEqualTo(404);
        }
    }

    /** Its beforeAll runs before the server's, so the first class saw the server first. */
    @ExtendWith(WaitsForTheFirstTest.class)
    static class SecondParallelSubclass extends ParallelBase {
        @BeforeAll
        static void started() {
            secondClassStarted.countDown();
        }

        @Test
        void isStillServedAfterTheFirstClassEnded() throws Exception {
            await(firstClassEnded, "the first class to end");
            assertThat(get(PARALLEL.baseUrl() + "/nowhere")).as("still running").isEqualTo(404);
        }
    }

    static final class SignalsItsEnd implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) {
            firstClassEnded.countDown();
        }
    }

    static final class WaitsForTheFirstTest implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            await(firstTestRunning, "the first class's test");
        }
    }

    /**
     * Nested so that Surefire does not run it; EngineTestKit does, twice. Its class-level extension calls the server
     * in its beforeAll, which runs before the field's own beforeAll.
     */
    @ExtendWith(CallsTheServerFirst.class)
    static class CalledBeforeItsBeforeAll {
        @RegisterExtension
        static final FakeD1Server SERVER = FakeD1Server.builder().build();

        @Test
        void ping() throws Exception {
            noteAndPing(SERVER);
        }
    }

    static final class CallsTheServerFirst implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            assertThat(get(CalledBeforeItsBeforeAll.SERVER.baseUrl() + "/nowhere")).as("running").isEqualTo(404);
        }
    }

    /** Nested so that Surefire does not run it; EngineTestKit does, twice, with every condition deactivated. */
    static class RunWithoutConditions {
        @RegisterExtension
        static final FakeD1Server SERVER = FakeD1Server.builder().build();

        @Test
        void ping() throws Exception {
            noteAndPing(SERVER);
        }
    }

    /** Notes the server's URL in {@link #URLS} and asks it for a page it does not have: a running server says 404. */
    static void noteAndPing(FakeD1Server server) throws Exception {
        URLS.add(server.baseUrl());
        assertThat(get(server.baseUrl() + "/nowhere")).as("running").isEqualTo(404);
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(20, TimeUnit.SECONDS)).as("waited for " + what).isTrue();
    }

    static int get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aStaticFieldServerServesEveryTestOfTheClassAndIsClosedAfterThem() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(StaticField.class)).execute().testEvents()
                .assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertThat(SEEN.get(0).toString()).contains("closed");
    }

    @Test
    void aStaticFieldServerServesEveryNestedClassAndIsClosedAfterTheOuterClass() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(StaticFieldWithNestedClasses.class)).execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertThat(SEEN.get(0).toString()).contains("closed");
    }

    @Test
    void anInstanceFieldServerIsClosedAfterItsTest() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(InstanceField.class)).execute().testEvents()
                .assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates().allSatisfy(s -> assertThat(s.toString()).contains("closed"));
    }

    @Test
    void aStaticServerInABaseClassServesEverySubclassOneAfterTheOther() {
        URLS.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FirstSubclass.class), selectClass(SecondSubclass.class))
                .execute().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(URLS).as("started again on the same port").hasSize(2).containsOnly(SharedBase.SHARED.baseUrl());
        assertThat(SharedBase.SHARED.toString()).as("stopped after the last class").contains("closed");
    }

    @Test
    void aStaticServerInABaseClassServesSubclassesRunningInParallel() {
        firstTestRunning = new CountDownLatch(1);
        secondClassStarted = new CountDownLatch(1);
        firstClassEnded = new CountDownLatch(1);
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .selectors(selectClass(FirstParallelSubclass.class), selectClass(SecondParallelSubclass.class))
                .execute().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(ParallelBase.PARALLEL.toString()).as("stopped after the last class").contains("closed");
    }

    @Test
    void aLaterRunInTheSameJvmStartsTheServerAgainOnItsPortsBeforeAnExtensionOfTheClassCallsIt() {
        // An IDE's second run, or a test kit's: the first run's end stopped the listeners.
        URLS.clear();
        for (int run = 1; run <= 2; run++) {
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(CalledBeforeItsBeforeAll.class)).execute()
                    .testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        }
        assertThat(URLS).as("both runs, on the same port").hasSize(2)
                .containsOnly(CalledBeforeItsBeforeAll.SERVER.baseUrl());
        assertThat(CalledBeforeItsBeforeAll.SERVER.toString()).as("stopped after the run").contains("closed");
    }

    @Test
    void aLaterRunStartsTheServerAgainWhenConditionsAreDeactivated() {
        // junit.jupiter.conditions.deactivate skips the server's execution condition: its beforeAll starts it.
        URLS.clear();
        for (int run = 1; run <= 2; run++) {
            EngineTestKit.engine("junit-jupiter").configurationParameter("junit.jupiter.conditions.deactivate", "*")
                    .selectors(selectClass(RunWithoutConditions.class)).execute()
                    .testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        }
        assertThat(URLS).as("both runs, on the same port").hasSize(2)
                .containsOnly(RunWithoutConditions.SERVER.baseUrl());
    }
}
