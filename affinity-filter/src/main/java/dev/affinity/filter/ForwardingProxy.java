package dev.affinity.filter;

import dev.affinity.routing.HealthMonitor;
import dev.affinity.routing.Member;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a request to the members of its rank, one after the other, with Jetty's asynchronous
 * proxy servlet: Servlet async I/O with back-pressure both ways, Jetty's hop-by-hop and
 * {@code Connection} header handling, then fresh client-address headers, {@code Via} and a signed
 * forwarding mark. The filter drives it directly; it is never mapped in the webapp. It brings its
 * own thread pool, so it runs in Tomcat as in Jetty.
 *
 * <p>The client's body is only read once a connection to the member is established (and, when the
 * client asked {@code Expect: 100-continue}, once the member said {@code 100 Continue}), so a
 * request whose member cannot be reached can be sent to the next one whatever its method.
 */
final class ForwardingProxy extends AsyncProxyServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ForwardingProxy.class);
    private static final String EXCHANGE = ForwardingProxy.class.getName() + ".exchange";
    private static final List<HttpHeader> ORIGIN_SINGLE_VALUED = List.of(HttpHeader.DATE, HttpHeader.SERVER);
    /**
     * The chunk in which a client's body is read and sent on (Jetty's {@code requestBufferSize},
     * 4 KiB by default): as large as the client's response buffer, so an upload is not cut into
     * four times more reads, writes and callbacks than a download.
     */
    private static final int BODY_CHUNK = 16 * 1024;
    /** The client's headers never copied to a forwarded request (lower case). */
    private static final Set<String> NOT_COPIED = notCopied();

    private final transient FilterSettings settings;
    private final transient ForwardingMark marks;
    private final transient HealthMonitor health;
    private final transient FilterCounters counters;
    private volatile String viaName = "affinity";

    private ForwardingProxy(FilterSettings settings, ForwardingMark marks, HealthMonitor health, FilterCounters counters) {
        this.settings = settings;
        this.marks = marks;
        this.health = health;
        this.counters = counters;
    }

    /** Creates and starts the proxy and its HTTP client. */
    static ForwardingProxy start(ServletContext context, FilterSettings settings, ForwardingMark marks,
                                 HealthMonitor health, FilterCounters counters) throws ServletException {
        ForwardingProxy proxy = new ForwardingProxy(settings, marks, health, counters);
        proxy.init(new ProxyServletConfig("affinity-forward", context, Map.of(
                "maxThreads", Integer.toString(settings.maxThreads()),
                "maxConnections", Integer.toString(settings.maxConnections()),
                "idleTimeout", Long.toString(settings.idleTimeout().toMillis()),
                "timeout", "0",
                "requestBufferSize", Integer.toString(BODY_CHUNK),
                "preserveHost", "true")));
        return proxy;
    }

    /**
     * Forwards the request to the first of its candidate members, and on failure to the next
     * ones while the request may be retried. The request must be async-supported.
     */
    void forward(Exchange exchange) {
        counters.forwarded();
        String name = exchange.self.name();
        if (!name.equals(viaName)) {
            viaName = name;
        }
        exchange.request.setAttribute(EXCHANGE, exchange);
        AsyncContext async = exchange.request.startAsync();
        async.setTimeout(0);
        attempt(exchange, exchange.next());
    }

    private void attempt(Exchange exchange, Member member) {
        HttpServletRequest request = exchange.request;
        Request proxyRequest = newProxyRequest(request, member.baseUrl() + exchange.target);
        copyRequestHeaders(request, proxyRequest);
        addProxyHeaders(request, proxyRequest);
        String mark = marks.sign(exchange.self.name(), member.name(), exchange.key.hash(), request.getMethod(), exchange.target);
        proxyRequest.headers(headers -> headers.put(ForwardingMark.HEADER, mark));
        proxyRequest.onRequestBegin(begun -> exchange.established());
        if (exchange.hasBody) {
            AsyncRequestContent content = new AsyncRequestContent();
            proxyRequest.body(content);
            if (!expects100Continue(request)) {
                proxyRequest.onRequestBegin(begun -> streamBody(exchange, proxyRequest, content));
            }
        }
        proxyRequest.send(new FailoverListener(exchange, member));
    }

    /**
     * A client that asked {@code Expect: 100-continue} is told to send its body only once the member
     * says {@code 100 Continue}: reading the body is what makes this node's container say it. A
     * member that refuses such a request at once (a {@code 413}, say) is so heard whole.
     */
    @Override
    protected Runnable onContinue(HttpServletRequest clientRequest, Request proxyRequest) {
        Exchange exchange = (Exchange) clientRequest.getAttribute(EXCHANGE);
        return () -> streamBody(exchange, proxyRequest, (AsyncRequestContent) proxyRequest.getBody());
    }

    private void streamBody(Exchange exchange, Request proxyRequest, AsyncRequestContent content) {
        exchange.bodyStarted();
        try {
            exchange.request.getInputStream().setReadListener(newReadListener(exchange.request, exchange.response, proxyRequest, content));
        } catch (IOException | RuntimeException e) {
            exchange.clientFailed();
            content.fail(e);
        }
    }

    @Override
    protected ReadListener newReadListener(HttpServletRequest request, HttpServletResponse response, Request proxyRequest,
                                           AsyncRequestContent content) {
        return new ClientBodyReader(request, response, proxyRequest, content);
    }

    @Override
    protected void onResponseContent(HttpServletRequest request, HttpServletResponse response, Response proxyResponse,
                                     byte[] buffer, int offset, int length, Callback callback) {
        Exchange exchange = (Exchange) request.getAttribute(EXCHANGE);
        exchange.writing();
        super.onResponseContent(request, response, proxyResponse, buffer, offset, length, Callback.from(() -> {
            exchange.written();
            callback.succeeded();
        }, failure -> {
            exchange.clientFailed();
            exchange.written();
            callback.failed(failure);
        }));
    }

    @Override
    protected StreamWriter newWriteListener(HttpServletRequest request, Response proxyResponse) {
        return new ClientResponseWriter(request, proxyResponse);
    }

    @Override
    protected HttpClient newHttpClient() {
        HttpClient client = super.newHttpClient();
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setUserAgentField(null);
        return client;
    }

    @Override
    public String getViaHost() {
        return viaName;
    }

    /**
     * The headers Jetty's {@code copyRequestHeaders} leaves out: those the client's
     * {@code Connection} header names, its client-address headers and any forwarding mark, all
     * dropped in Jetty's one pass over the client's headers.
     */
    @Override
    protected Set<String> findConnectionHeaders(HttpServletRequest clientRequest) {
        Set<String> named = super.findConnectionHeaders(clientRequest);
        if (named == null) {
            return NOT_COPIED;
        }
        named.addAll(NOT_COPIED);
        return named;
    }

    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        addViaHeader(clientRequest, proxyRequest);
        proxyRequest.headers(headers -> settings.forwardedHeaders().add(clientRequest, headers));
    }

    /**
     * Relays the member's headers; {@code Date} and {@code Server} describe the member's answer and
     * replace those this node's container already put on the response, instead of joining them.
     */
    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response serverResponse) {
        super.onServerResponseHeaders(clientRequest, proxyResponse, serverResponse);
        for (HttpHeader single : ORIGIN_SINGLE_VALUED) {
            String value = serverResponse.getHeaders().get(single);
            if (value != null) {
                proxyResponse.setHeader(single.asString(), value);
            }
        }
    }

    @Override
    protected String filterServerResponseHeader(HttpServletRequest clientRequest, Response serverResponse,
                                                String headerName, String headerValue) {
        if (!serverResponse.getHeaders().contains(HttpHeader.CONNECTION)) {
            return headerValue;
        }
        return connectionNamed(serverResponse).contains(headerName.toLowerCase(Locale.ROOT)) ? null : headerValue;
    }

    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
        counters.error();
        if (proxyResponse.isCommitted()) {
            super.sendProxyResponseError(clientRequest, proxyResponse, status);
            return;
        }
        try {
            PlainText.send(proxyResponse, status, explain((Exchange) clientRequest.getAttribute(EXCHANGE), status));
        } catch (IOException | RuntimeException e) {
            LOG.debug("affinity: cannot send the {} answer", status, e);
        } finally {
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
        }
    }

    /**
     * The failed request's client is told what failed. A member that answered and closed the
     * connection while its answer was being relayed (as one refusing a body unread may do, unless
     * the client sent {@code Expect: 100-continue}) keeps its status; its body is lost.
     */
    private static String explain(Exchange exchange, int status) {
        if (!exchange.memberAtFault()) {
            return "affinity: the request's body could not be read from the client";
        }
        if (exchange.hasResponse()) {
            return "affinity: the node owning this request answered " + status + " and closed the connection before its answer was relayed";
        }
        return status == HttpServletResponse.SC_GATEWAY_TIMEOUT
                ? "affinity: the node owning this request did not answer in time"
                : "affinity: no node that can serve this request is reachable";
    }

    /** A client whose body could not be read gets a {@code 400} ({@code 408} on a timeout), never a {@code 500}. */
    @Override
    protected int clientRequestStatus(Throwable failure) {
        return failure instanceof TimeoutException ? HttpServletResponse.SC_REQUEST_TIMEOUT : HttpServletResponse.SC_BAD_REQUEST;
    }

    private static Set<String> notCopied() {
        Set<String> names = new HashSet<>(ForwardedHeaderStyle.CLIENT_SUPPLIED);
        names.add(ForwardingMark.HEADER.toLowerCase(Locale.ROOT));
        return Set.copyOf(names);
    }

    private static Set<String> connectionNamed(Response serverResponse) {
        Set<String> names = new HashSet<>();
        for (String value : serverResponse.getHeaders().getValuesList(HttpHeader.CONNECTION)) {
            for (String name : value.split(",")) {
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** Streams the client's body to the member, noting when the client's side fails. */
    private final class ClientBodyReader extends StreamReader {
        private final Exchange exchange;

        ClientBodyReader(HttpServletRequest request, HttpServletResponse response, Request proxyRequest, AsyncRequestContent content) {
            super(request, response, proxyRequest, content);
            this.exchange = (Exchange) request.getAttribute(EXCHANGE);
        }

        @Override
        public void onError(Throwable failure) {
            exchange.clientFailed();
            super.onError(failure);
        }
    }

    /** Streams the member's answer to the client, noting when the client's side fails. */
    private final class ClientResponseWriter extends StreamWriter {
        private final Exchange exchange;

        ClientResponseWriter(HttpServletRequest request, Response proxyResponse) {
            super(request, proxyResponse);
            this.exchange = (Exchange) request.getAttribute(EXCHANGE);
        }

        @Override
        public void onError(Throwable failure) {
            exchange.clientFailed();
            super.onError(failure);
        }
    }

    /** Relays the member's answer; on failure reports the member and tries the next one if allowed. */
    private final class FailoverListener extends ProxyResponseListener {
        private final Exchange exchange;
        private final Member member;

        FailoverListener(Exchange exchange, Member member) {
            super(exchange.request, exchange.response);
            this.exchange = exchange;
            this.member = member;
        }

        @Override
        public void onBegin(Response serverResponse) {
            exchange.responded();
            super.onBegin(serverResponse);
        }

        /**
         * A member that answered in full has answered, even if sending it the request's body then
         * failed: it may refuse a body unread (a {@code 413}, say) and close the connection. Its
         * answer may then be complete here before it is written to the client, so the client's
         * response is completed once it is.
         */
        @Override
        public void onComplete(Result result) {
            if (result.getResponseFailure() == null) {
                if (result.getResponse().getStatus() >= 500) {
                    health.reportFailure(member);
                } else {
                    health.reportSuccess(member);
                }
                exchange.afterWriting(() -> onProxyResponseSuccess(exchange.request, exchange.response, result.getResponse()));
                return;
            }
            if (exchange.memberAtFault()) {
                health.reportFailure(member);
            }
            if (exchange.retryable()) {
                Member next = exchange.next();
                LOG.debug("affinity: forwarding to {} failed ({}), trying {}", member, result.getFailure().toString(), next);
                counters.failedOver();
                attempt(exchange, next);
                return;
            }
            LOG.debug("affinity: forwarding to {} failed", member, result.getFailure());
            super.onComplete(result);
        }
    }
}
