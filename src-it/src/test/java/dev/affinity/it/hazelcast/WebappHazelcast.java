package dev.affinity.it.hazelcast;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * The Hazelcast members running inside one webapp. Hazelcast's classes there come from the WAR's
 * {@code WEB-INF/lib}, not from the test's class path, so they are reached through the webapp's
 * class loader.
 */
final class WebappHazelcast {
    private WebappHazelcast() {
    }

    /**
     * Terminates every Hazelcast member of the webapp at once, as a crash would: no graceful
     * shutdown, no partition hand-over.
     *
     * @return how many members were terminated
     */
    static int terminateAll(ClassLoader webapp) throws ReflectiveOperationException {
        Class<?> hazelcast = Class.forName("com.hazelcast.core.Hazelcast", true, webapp);
        Method lifecycleService = Class.forName("com.hazelcast.core.HazelcastInstance", true, webapp).getMethod("getLifecycleService");
        Method terminate = Class.forName("com.hazelcast.core.LifecycleService", true, webapp).getMethod("terminate");
        Set<?> instances = (Set<?>) hazelcast.getMethod("getAllHazelcastInstances").invoke(null);
        for (Object instance : instances) {
            terminate.invoke(lifecycleService.invoke(instance));
        }
        return instances.size();
    }
}
