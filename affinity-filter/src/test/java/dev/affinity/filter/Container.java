package dev.affinity.filter;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;

/** One embedded servlet container running a test webapp at {@code /app} behind the AffinityFilter. */
interface Container extends AutoCloseable {

    /** Binds 127.0.0.1 on {@code port} (0: any free port) and returns the bound port. */
    int bind(int port) throws Exception;

    /** Deploys {@code app} on {@code /app/*} behind the filter with {@code filterParameters}, and starts. */
    void start(HttpServlet app, Map<String, String> filterParameters) throws Exception;

    /** Stops and releases the port. */
    @Override
    void close() throws Exception;

    /** Makes containers of one kind. */
    interface Kind {
        Container create() throws Exception;
    }
}
