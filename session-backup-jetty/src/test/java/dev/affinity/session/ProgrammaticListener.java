package dev.affinity.session;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A session listener the test node adds in code ({@code addEventListener}), beside the one its web.xml declares. */
public class ProgrammaticListener implements HttpSessionListener {
    static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();

    @Override
    public void sessionCreated(HttpSessionEvent se) {
        EVENTS.add("created:" + se.getSession().getId());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
        EVENTS.add("destroyed:" + se.getSession().getId());
    }
}
