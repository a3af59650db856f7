package dev.affinity.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import java.util.Locale;
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

    /** The filter keeping sessions in a map of {@code hazelcast} of their own for each flush mode, flushed in {@code flushMode}. */
    static SessionRepositoryFilter<?> filter(HazelcastInstance hazelcast, FlushMode flushMode) {
        HazelcastIndexedSessionRepository repository = new HazelcastIndexedSessionRepository(hazelcast);
        repository.setSessionMapName("spring-sessions-" + flushMode.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        repository.setFlushMode(flushMode);
        repository.afterPropertiesSet();
        return new SessionRepositoryFilter<>(repository);
    }
}
