package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README and {@link D1SnapshotExtension}'s Javadoc say of registering the extension by hand: naming its class
 * again is harmless, an instance registered with {@code @RegisterExtension} is a second resolver.
 */
class ExtensionRegistrationTest {

    @TempDir
    Path dir;

    @Test
    void extendWithBesideTheAnnotationIsHarmless() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(NamesTheClass.class), 1);
    }

    @Test
    void anInstanceRegisteredByHandCompetesWithTheAnnotationsOne() {
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).run(RegistersAnInstance.class));

        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("competing ParameterResolvers");
    }

    @ExtendWith(D1SnapshotExtension.class)
    static class NamesTheClass {
        @Test
        void injected(@D1Snapshot(tables = "orders") Path orders) {
            assertThat(orders).isNotEmptyFile();
        }
    }

    @D1Snapshot(name = "orders", tables = "orders")
    static class RegistersAnInstance {
        @RegisterExtension
        static D1SnapshotExtension extension = new D1SnapshotExtension();

        @Test
        void injected(@D1Snapshot(name = "orders") Path orders) {
            assertThat(orders).isNotEmptyFile();
        }
    }
}
