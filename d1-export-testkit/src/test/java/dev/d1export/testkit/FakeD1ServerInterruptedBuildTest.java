package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Building a FakeD1Server on a thread that was interrupted (a test framework's cancelled test, a pool's task). */
class FakeD1ServerInterruptedBuildTest {

    @Test
    void buildingOnAnInterruptedThreadStartsTheServerAndKeepsTheInterruptForTheCaller() throws Exception {
        // build() waits for the thread that starts the listeners; that wait must neither fail on the interrupt nor
        // swallow it: the caller's code after build() is the one to act on it.
        Thread.currentThread().interrupt();
        FakeD1Server server;
        boolean kept;
        try {
            server = FakeD1Server.builder().build();
        } finally {
            kept = Thread.interrupted(); // clears it again, so the request below and the next test run normally
        }
        try (server) {
            assertThat(kept).as("the interrupt is still set after build()").isTrue();
            assertThat(FakeD1ServerExtensionTest.get(server.baseUrl() + "/nowhere")).as("running").isEqualTo(404);
        }
    }
}
