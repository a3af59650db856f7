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
 * and bytes its members sent each other over TCP. Read before and after one subject's requests,
 * with no other subject running, the difference is that subject's traffic (plus a few heartbeats).
 */
final class HazelcastTraffic {
    private static final String BYTES_SENT = "bytesSend";

    private final List<HazelcastInstance> members;

    HazelcastTraffic(List<HazelcastInstance> members) {
        this.members = members;
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
                    if (BYTES_SENT.equals(descriptor.metric())) {
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
