package dev.affinity.session;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records the session events it receives, for the listener tests. */
public class RecordingListener implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
    static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();

    @Override
    public void sessionCreated(HttpSessionEvent se) {
        EVENTS.add("created:" + se.getSession().getId());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
        EVENTS.add("destroyed:" + se.getSession().getId() + ":" + se.getSession().getAttribute("a"));
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        EVENTS.add("added:" + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        EVENTS.add("replaced:" + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        EVENTS.add("removed:" + event.getName() + "=" + event.getValue());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        EVENTS.add("id:" + oldSessionId + "->" + event.getSession().getId());
    }
}
