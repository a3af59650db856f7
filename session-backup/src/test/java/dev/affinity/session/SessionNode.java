package dev.affinity.session;

import java.net.URI;

/** A webapp node under test whose sessions are backed up: {@link SessionServlet} at {@code /s} under its base URL. */
public interface SessionNode extends AutoCloseable {

    /** The node's base URL including the context path. */
    URI baseUrl();
}
