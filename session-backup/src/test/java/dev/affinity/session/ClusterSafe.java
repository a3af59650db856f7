package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/** Run on a member: whether its cluster has every backup in place and no migration running. */
final class ClusterSafe implements Callable<Boolean>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private transient HazelcastInstance instance;

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public Boolean call() {
        return instance.getPartitionService().isClusterSafe();
    }
}
