package dev.d1export.testkit.internal;

import dev.d1export.testkit.Endpoint;
import dev.d1export.testkit.Fault;
import dev.d1export.testkit.RequestMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The faults waiting for the next matching requests, first injected first used. Thread-safe. */
public final class FaultRules {

    private final List<Rule> rules = new ArrayList<>();
    private long resets;

    /** Creates an empty set of rules. */
    public FaultRules() {
    }

    /**
     * Adds a rule.
     *
     * @param matcher which requests
     * @param times   how many of them
     * @param fault   what happens to them
     */
    public synchronized void add(RequestMatcher matcher, int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        rules.add(new Rule(matcher, fault, times));
    }

    /**
     * The fault for a request, used up.
     *
     * @param method   the request's method
     * @param path     its path
     * @param endpoint its kind
     * @param body     its body as text
     * @return the fault, if a rule matches
     */
    public synchronized Optional<Fault> take(String method, String path, Endpoint endpoint, String body) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.matcher.matches(method, path, endpoint, body)) {
                if (--rule.remaining == 0) {
                    it.remove();
                }
                return Optional.of(rule.fault);
            }
        }
        return Optional.empty();
    }

    /**
     * How many faults are still waiting.
     *
     * @return the sum of the rules' remaining counts
     */
    public synchronized long pending() {
        return rules.stream().mapToLong(r -> r.remaining).sum();
    }

    /** Removes every rule, and starts a new {@link #resets() reset count}. */
    public synchronized void clear() {
        rules.clear();
        resets++;
    }

    /**
     * How many times the rules were cleared: a delayed request compares it before and after its delay, so one the
     * server's {@code reset()} overtook is not acted on afterwards.
     *
     * @return the count
     */
    public synchronized long resets() {
        return resets;
    }

    private static final class Rule {
        final RequestMatcher matcher;
        final Fault fault;
        int remaining;

        Rule(RequestMatcher matcher, Fault fault, int remaining) {
            this.matcher = matcher;
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
