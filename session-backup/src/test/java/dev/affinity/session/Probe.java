package dev.affinity.session;

import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.Serializable;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A session value that records binding and activation events, for listener tests. */
public class Probe implements Serializable, HttpSessionBindingListener, HttpSessionActivationListener {
    private static final long serialVersionUID = 1L;
    static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();

    private final String label;

    public Probe(String label) {
        this.label = label;
    }

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
        EVENTS.add("bound:" + label);
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        EVENTS.add("unbound:" + label);
    }

    @Override
    public void sessionDidActivate(HttpSessionEvent se) {
        EVENTS.add("activated:" + label);
    }

    @Override
    public String toString() {
        return "Probe(" + label + ")";
    }
}
