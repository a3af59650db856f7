package dev.affinity.routing;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * The JDK HTTP client a node uses to talk to its peers (health probes, its look for itself, hellos),
 * and the daemon threads behind it.
 */
public final class PeerHttp {
    private PeerHttp() {
    }

    /**
     * A client for HTTP/1.1, with no proxy and no redirects, connecting within {@code connectTimeout},
     * running its callbacks on {@code executor}. Its selector thread ends once the client is
     * unreachable (Java 17 has no {@code close()}); it is built without the caller's context class
     * loader, so a servlet container does not count that thread against the webapp that made it.
     */
    public static HttpClient newClient(Duration connectTimeout, Executor executor) {
        Thread current = Thread.currentThread();
        ClassLoader loader = current.getContextClassLoader();
        current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(HttpClient.Builder.NO_PROXY)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout)
                    .executor(executor)
                    .build();
        } finally {
            current.setContextClassLoader(loader);
        }
    }

    /** Daemon threads named {@code name}. */
    public static ThreadFactory daemonThreads(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
