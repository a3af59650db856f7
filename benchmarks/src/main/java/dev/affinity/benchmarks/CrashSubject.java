package dev.affinity.benchmarks;

import java.util.function.Supplier;
import org.apache.catalina.ha.ClusterManager;
import org.apache.catalina.ha.session.BackupManager;
import org.apache.catalina.ha.session.DeltaManager;
import org.springframework.session.FlushMode;

/**
 * A session backup under comparison in the session benchmark, as its serving node is started
 * ({@link CrashNode}) and read from after that node is killed ({@link SessionCrashCheck}).
 */
enum CrashSubject {
    SYNC("SessionBackupFilter, write-mode=sync"),
    ASYNC("SessionBackupFilter, write-mode=async"),
    SPRING_IMMEDIATE("Spring Session 3.5 Hazelcast, flush IMMEDIATE"),
    SPRING_ON_SAVE("Spring Session 3.5 Hazelcast, flush ON_SAVE (default)"),
    FULL("full-session write after every request (sync)"),
    DELTA("Tomcat 11.0.14 DeltaManager (Tribes, all-to-all)"),
    BACKUP("Tomcat 11.0.14 BackupManager (Tribes, one backup)"),
    NONE("no backup (baseline)");

    private final String label;

    CrashSubject(String label) {
        this.label = label;
    }

    /** The subject's name in the tables. */
    String label() {
        return label;
    }

    /** Whether the serving node has a Hazelcast member of its own. */
    boolean hazelcast() {
        return this != DELTA && this != BACKUP && this != NONE;
    }

    /** Whether the serving node is a Tomcat in a Tribes cluster. */
    boolean tribes() {
        return this == DELTA || this == BACKUP;
    }

    /** The {@code write-mode} of the session filter's rows. */
    String writeMode() {
        return this == ASYNC ? "async" : "sync";
    }

    /** Spring Session's flush mode of its rows. */
    FlushMode flushMode() {
        return this == SPRING_IMMEDIATE ? FlushMode.IMMEDIATE : FlushMode.ON_SAVE;
    }

    /** A new session manager of the Tomcat rows. */
    Supplier<ClusterManager> manager() {
        return this == DELTA ? DeltaManager::new : BackupManager::new;
    }
}
