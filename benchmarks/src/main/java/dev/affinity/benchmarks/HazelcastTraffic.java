package dev.affinity.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.collectors.MetricsCollector;
import com.hazelcast.spi.impl.NodeEngineImpl;
import com.hazelcast.spi.impl.operationservice.impl.OperationServiceImpl;
import java.util.List;

/**
 * What a Hazelcast cluster did, summed over its members: operations executed (backups included)
 * and bytes its members wrote to their TCP connections (to each other and to clients). Read before and after one subject's requests,
 * with no other subject running, the difference is that subject's traffic (plus a few heartbeats).
 */
final class HazelcastTraffic {
    /** Bytes written to one TCP connection: a debug-level metric ({@link #enableConnectionMetrics}). */
    private static final String BYTES_WRITTEN = "connection.out.bytesWritten";

    private final List<HazelcastInstance> members;

    HazelcastTraffic(List<HazelcastInstance> members) {
        this.members = members;
    }

    /** Makes the members started after this call count the bytes of each connection. */
    static void enableConnectionMetrics() {
        System.setProperty("hazelcast.metrics.debug.enabled", "true");
    }

    /** {operations executed, bytes sent}, summed over the running members. */
    long[] totals() {
        long operations = 0;
        long[] bytes = {0};
        for (HazelcastInstance member : members) {
            if (!member.getLifecycleService().isRunning()) {
                continue;
            }
            NodeEngineImpl engine = ((HazelcastInstanceProxy) member).getOriginal().node.getNodeEngine();
            operations += ((OperationServiceImpl) engine.getOperationService()).getExecutedOperationCount();
            engine.getMetricsRegistry().collect(new MetricsCollector() {
                @Override
                public void collectLong(MetricDescriptor descriptor, long value) {
                    if ((descriptor.prefix() + "." + descriptor.metric()).endsWith(BYTES_WRITTEN)) {
                        bytes[0] += value;
                    }
                }

                @Override
                public void collectDouble(MetricDescriptor descriptor, double value) {
                }

                @Override
                public void collectException(MetricDescriptor descriptor, Exception e) {
                }

                @Override
                public void collectNoValue(MetricDescriptor descriptor) {
                }
            });
        }
        return new long[] {operations, bytes[0]};
    }
}
