package dev.affinity.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import org.springframework.session.FlushMode;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Spring Session with Hazelcast, as an application without Spring Boot sets it up: a
 * {@code HazelcastIndexedSessionRepository} on a member or client, behind a {@code SessionRepositoryFilter}.
 */
final class SpringSessions {
    private SpringSessions() {
    }

    /** The filter keeping sessions in map {@code map} of {@code hazelcast}, flushed in {@code flushMode}. */
    static SessionRepositoryFilter<?> filter(HazelcastInstance hazelcast, String map, FlushMode flushMode) {
        HazelcastIndexedSessionRepository repository = new HazelcastIndexedSessionRepository(hazelcast);
        repository.setSessionMapName(map);
        repository.setFlushMode(flushMode);
        repository.afterPropertiesSet();
        return new SessionRepositoryFilter<>(repository);
    }
}
