package dev.affinity.testing;

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

    private TestBudgets() {
    }
}
