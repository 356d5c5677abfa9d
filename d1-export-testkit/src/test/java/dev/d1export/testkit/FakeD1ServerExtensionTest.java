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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** FakeD1Server as a JUnit 5 extension: a static field's server lives for the class, an instance field's for a test. */
class FakeD1ServerExtensionTest {

    static final List<FakeD1Server> SEEN = new ArrayList<>();

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
}
