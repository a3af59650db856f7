package dev.affinity.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The naive backup the session filter is measured against: after every request that has a
 * session, the whole session (every attribute, Java-serialized as one map) is written to a
 * Hazelcast map synchronously, as a full-session store does.
 */
final class FullSessionWriteFilter implements Filter {
    private final IMap<String, byte[]> map;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    FullSessionWriteFilter(HazelcastInstance hazelcast) {
        this.map = map(hazelcast);
    }

    /** The map the filter writes to: whole sessions, Java-serialized, by session id. */
    static IMap<String, byte[]> map(HazelcastInstance hazelcast) {
        return hazelcast.getMap("full-sessions");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        chain.doFilter(request, response);
        HttpSession session = ((HttpServletRequest) request).getSession(false);
        if (session != null) {
            HashMap<String, Object> attributes = new HashMap<>();
            for (String name : Collections.list(session.getAttributeNames())) {
                attributes.put(name, session.getAttribute(name));
            }
            byte[] serialized = serialize(attributes);
            map.set(session.getId(), serialized);
            writes.incrementAndGet();
            bytes.addAndGet(serialized.length);
        }
    }

    long writes() {
        return writes.get();
    }

    long bytes() {
        return bytes.get();
    }

    static byte[] serialize(Serializable value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
