package dev.affinity.testing;

import java.time.Duration;

/**
 * Time budgets that tests give the components they start, longer than the defaults because the
 * tests run on a loaded CI machine: two cores shared by several node JVMs, their Hazelcast members
 * and other builds. The tests check what is kept, not how fast.
 */
public final class TestBudgets {
    /**
     * {@code 10s}: the session backup's write and read timeout for test farms. On a loaded 2-core CI
     * machine the default 2 s was too short for a sync write, above all while a Hazelcast member
     * leaving or joining moved partitions (a write to a moving partition waits for it): answered
     * {@code 503}, nothing lost.
     */
    public static final String SESSION_BACKUP_WRITE_AND_READ = "10s";

    /**
     * {@code 30 s}: how long a test waits for something that will happen (a probe marks a member
     * down, an entry leaves a map, an event arrives) when no promise bounds it. Such a bound only
     * says "never": on a loaded 2-core CI machine one to five seconds can pass before a thread even
     * runs. Where the time is the promise under test (the docs' "within a second", a setting such
     * as a probe interval), the test measures it against that promise instead.
     */
    public static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private TestBudgets() {
    }
}
