package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a {@link RequestMatcher} reads in a failing test's message: what it matches. */
class RequestMatcherTest {

    @Test
    void itsStringSaysWhichRequestsItMatches() {
        assertThat(RequestMatcher.any()).hasToString("RequestMatcher{any}");
        assertThat(RequestMatcher.endpoint(Endpoint.DOWNLOAD)).hasToString("RequestMatcher{DOWNLOAD}");
        assertThat(RequestMatcher.exportStarts()).hasToString("RequestMatcher{export starts}");
        assertThat(RequestMatcher.exportPolls()).hasToString("RequestMatcher{export polls}");
        assertThat(RequestMatcher.of("post", ".*/export")).hasToString("RequestMatcher{POST .*/export}");
        assertThat(RequestMatcher.of("*", ".*/query")).hasToString("RequestMatcher{* .*/query}");
    }
}
