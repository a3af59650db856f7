package dev.affinity.session;

/**
 * What a front door of the backup core (the filter, the Tomcat manager, the Jetty store) does when
 * the core learns that its live copies may be out of date.
 */
public interface LiveCopies {

    /** {@code copy}'s changes can no longer be backed up (another copy wrote the session since, or the write was not acknowledged): forget it. */
    void dropped(BackedUpSession copy);

    /** Another node wrote the session whose backup is under {@code mapKey} (see {@link BackupCore#mapKey}). */
    void writtenElsewhere(String mapKey);

    /** The writer's thread had {@code copy}'s changes acknowledged (a queued write, not a request's own). */
    default void backedUp(BackedUpSession copy) {
    }

    /** Members were lost or the cluster merged: every copy is checked against the backup before its next use. */
    void suspectAll();
}
