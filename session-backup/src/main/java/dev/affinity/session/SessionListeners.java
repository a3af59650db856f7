package dev.affinity.session;

import dev.affinity.config.ConfigException;
import dev.affinity.logging.Log;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The webapp's session listeners named by the {@code listeners} setting (the container only
 * notifies listeners of its own sessions), called as the Servlet specification says. A listener
 * that throws is logged and does not stop the others.
 */
final class SessionListeners {
    private static final Log LOG = Log.of(SessionListeners.class);

    private final List<HttpSessionListener> lifecycle = new ArrayList<>();
    private final List<HttpSessionAttributeListener> attributes = new ArrayList<>();
    private final List<HttpSessionIdListener> ids = new ArrayList<>();

    SessionListeners(List<String> classNames, ClassLoader loader) {
        for (String name : classNames) {
            Object listener = instantiate(name, loader);
            boolean used = false;
            if (listener instanceof HttpSessionListener l) {
                lifecycle.add(l);
                used = true;
            }
            if (listener instanceof HttpSessionAttributeListener l) {
                attributes.add(l);
                used = true;
            }
            if (listener instanceof HttpSessionIdListener l) {
                ids.add(l);
                used = true;
            }
            if (!used) {
                throw ConfigException.invalid("listeners", name,
                        "classes implementing HttpSessionListener, HttpSessionAttributeListener or HttpSessionIdListener");
            }
        }
    }

    void created(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        lifecycle.forEach(l -> safely(() -> l.sessionCreated(event)));
    }

    void destroyed(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        for (int i = lifecycle.size() - 1; i >= 0; i--) {
            HttpSessionListener l = lifecycle.get(i);
            safely(() -> l.sessionDestroyed(event));
        }
    }

    void added(HttpSession session, String name, Object value) {
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
        attributes.forEach(l -> safely(() -> l.attributeAdded(event)));
    }

    void replaced(HttpSession session, String name, Object oldValue) {
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, oldValue);
        attributes.forEach(l -> safely(() -> l.attributeReplaced(event)));
    }

    void removed(HttpSession session, String name, Object oldValue) {
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, oldValue);
        attributes.forEach(l -> safely(() -> l.attributeRemoved(event)));
    }

    void idChanged(HttpSession session, String oldId) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        ids.forEach(l -> safely(() -> l.sessionIdChanged(event, oldId)));
    }

    private static Object instantiate(String name, ClassLoader loader) {
        try {
            return Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw ConfigException.invalid("listeners", name, "names of listener classes with a public no-argument constructor ("
                    + e + ")");
        }
    }

    static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("a session listener failed", e);
        }
    }
}
