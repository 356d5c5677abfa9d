package dev.d1export.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Parameter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ParameterNamesTest {

    @SuppressWarnings("unused")
    void withNames(String first, Path orders) {
    }

    @Test
    void aParameterIsNamedByItsNameWhenTheClassFileHasIt() throws Exception {
        // This module compiles its tests with -parameters.
        Parameter orders = getClass().getDeclaredMethod("withNames", String.class, Path.class).getParameters()[1];

        assertThat(ParameterNames.describe(orders)).startsWith("parameter orders of ").contains("withNames");
    }

    @Test
    void withoutNamesItIsNamedByPositionAndTypeNotArgN() throws Exception {
        // The JDK's own classes are compiled without -parameters.
        Parameter second = String.class.getMethod("regionMatches", int.class, String.class, int.class, int.class)
                .getParameters()[1];

        assertThat(second.isNamePresent()).isFalse();
        assertThat(ParameterNames.describe(second)).startsWith("parameter 2 (java.lang.String) of ")
                .doesNotContain("arg1");
    }
}
