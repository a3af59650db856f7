package dev.affinity.filter;

import java.util.Map;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.client.transport.internal.HttpConnectionOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * The forwarding client's HTTP/1.1 transport in Jetty: its connections declare their reads
 * non-blocking, so the client's selector relays a member's answer on its own thread (Jetty's
 * produce-invoke-consume) instead of handing each answer to another thread. Sound only because
 * nothing the forward does on a member's answer waits: answers and failure messages are written
 * asynchronously ({@link WholeAnswerWrite}, or the servlet API's {@code WriteListener}), and a
 * retry is sent asynchronously.
 */
final class InPlaceRelayTransport extends HttpClientTransportOverHTTP {
    InPlaceRelayTransport(ClientConnector connector) {
        super(connector);
    }

    @Override
    public Connection newConnection(EndPoint endPoint, Map<String, Object> context) {
        HttpConnectionOverHTTP connection = new NonBlockingConnection(endPoint, context);
        connection.setInitialize(isInitializeConnections());
        return customize(connection, context);
    }

    /** A connection to a member whose reads Jetty may run on the selector's thread. */
    private static final class NonBlockingConnection extends HttpConnectionOverHTTP {
        NonBlockingConnection(EndPoint endPoint, Map<String, Object> context) {
            super(endPoint, context);
        }

        @Override
        @SuppressWarnings("deprecation")
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
