package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Closing a FakeD1Server from several threads at once (a test's own close racing JUnit's afterAll). */
class FakeD1ServerCloseTest {

    private static final int THREADS = 4;

    @Test
    void concurrentClosesStopTheServerOnceWithoutFailing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 10; round++) {
                FakeD1Server server = FakeD1Server.builder().build();
                String url = server.baseUrl() + "/nowhere";
                assertThat(FakeD1ServerExtensionTest.get(url)).isEqualTo(404);
                CyclicBarrier together = new CyclicBarrier(THREADS);
                List<Future<?>> closes = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    closes.add(pool.submit(() -> {
                        together.await();
                        server.close();
                        return null;
                    }));
                }
                for (Future<?> close : closes) {
                    close.get(); // rethrows what a close threw
                }
                assertThat(server.toString()).contains("closed");
                assertThatThrownBy(() -> FakeD1ServerExtensionTest.get(url)).isInstanceOf(IOException.class);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
