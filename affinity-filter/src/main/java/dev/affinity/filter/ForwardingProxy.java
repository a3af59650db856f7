package dev.affinity.filter;

import dev.affinity.logging.Log;
import dev.affinity.routing.HealthMonitor;
import dev.affinity.routing.Member;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.CyclicTimeouts;
import org.eclipse.jetty.util.Callback;

/**
 * Forwards a request to the members of its rank, one after the other, with Jetty's asynchronous
 * proxy servlet: Servlet async I/O with back-pressure both ways, Jetty's hop-by-hop and
 * {@code Connection} header handling, then fresh client-address headers, {@code Via} and a signed
 * forwarding mark. The filter drives it directly; it is never mapped in the webapp. It brings its
 * own thread pool in Tomcat, and shares the server's in Jetty.
 *
 * <p>The client's body is only read once a connection to the member is established (and, when the
 * client asked {@code Expect: 100-continue}, once the member said {@code 100 Continue}), so a
 * request whose member cannot be reached can be sent to the next one whatever its method.
 *
 * <p>Waits are bounded: a member has {@code forward.response-timeout} to begin answering a request
 * it was sent in full, and a forward still waiting for its answer when its member is marked down
 * (by probes or passive ejection) is abandoned at once, then retried or answered {@code 502}. A
 * slow or abusive client is this node's problem, not the member's: a body must arrive at
 * {@code forward.body.min-rate} within {@code forward.body.timeout}, one client address may have
 * {@code forward.max-per-client} forwards in progress, and the client's faults never count
 * against the member's health.
 */
final class ForwardingProxy extends AsyncProxyServlet {
    private static final long serialVersionUID = 1L;
    private static final Log LOG = Log.of(ForwardingProxy.class);
    private static final String EXCHANGE = ForwardingProxy.class.getName() + ".exchange";
    private static final String ANSWER_NOT_WRITTEN = "the answer could not be written to the client";
    private static final List<HttpHeader> ORIGIN_SINGLE_VALUED = List.of(HttpHeader.DATE, HttpHeader.SERVER);
    /**
     * The chunk in which a client's body is read and sent on (Jetty's {@code requestBufferSize},
     * 4 KiB by default): as large as the client's response buffer, so an upload is not cut into
     * four times more reads, writes and callbacks than a download.
     */
    private static final int BODY_CHUNK = 16 * 1024;
    /** The client's headers never copied to a forwarded request (lower case). */
    private static final Set<String> NOT_COPIED = notCopied();
    /** The context attribute under which Jetty offers its server's thread pool; Jetty's own proxy servlet uses it when given no {@code maxThreads}. */
    private static final String SERVER_EXECUTOR = "org.eclipse.jetty.server.Executor";

    private final transient FilterSettings settings;
    private final transient ForwardingMark marks;
    private final transient HealthMonitor health;
    private final transient FilterCounters counters;
    private final transient ClientCap clientCap;
    private final transient Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * The forwards whose member has not begun answering within {@code forward.response-timeout}:
     * one timer for all of them, armed for the earliest, as Jetty's client times its requests,
     * rather than a task scheduled and cancelled per forward.
     */
    private transient CyclicTimeouts<Exchange> answerTimeouts;
    private volatile String viaName = "affinity";
    /** Whether the forwarding client relays answers on its selector's thread ({@link InPlaceRelayTransport}). */
    private final transient boolean relayInPlace;

    private ForwardingProxy(FilterSettings settings, ForwardingMark marks, HealthMonitor health, FilterCounters counters,
                            boolean relayInPlace) {
        this.relayInPlace = relayInPlace;
        this.settings = settings;
        this.marks = marks;
        this.health = health;
        this.counters = counters;
        this.clientCap = new ClientCap(settings.maxPerClient());
    }

    /** Creates and starts the proxy and its HTTP client. */
    static ForwardingProxy start(ServletContext context, FilterSettings settings, ForwardingMark marks,
                                 HealthMonitor health, FilterCounters counters) throws ServletException {
        ForwardingProxy proxy = new ForwardingProxy(settings, marks, health, counters, relaysInPlace(context));
        proxy.init(new ProxyServletConfig("affinity-forward", context, Map.of(
                "maxThreads", clientThreads(context, settings.maxThreads()),
                "maxConnections", Integer.toString(settings.maxConnections()),
                "idleTimeout", Long.toString(settings.idleTimeout().toMillis()),
                "timeout", "0",
                "requestBufferSize", Integer.toString(BODY_CHUNK),
                "preserveHost", "true")));
        proxy.answerTimeouts = proxy.new AnswerTimeouts();
        health.addListener((member, healthy) -> {
            if (!healthy) {
                proxy.abandonWaitingOn(member);
            }
        });
        return proxy;
    }

    /**
     * In Jetty the forwarding client runs on the server's own thread pool ({@code "-"}): a member's
     * answer is relayed by the threads that serve the clients, with no second pool of threads
     * competing for the cores. Other containers offer no pool, so the client has its own of
     * {@code maxThreads} ({@code forward.max-threads}).
     */
    static String clientThreads(ServletContext context, int maxThreads) {
        return context.getAttribute(SERVER_EXECUTOR) != null ? "-" : Integer.toString(maxThreads);
    }

    /**
     * Whether the forwarding client relays answers on its selector's thread ({@link InPlaceRelayTransport}):
     * in a Jetty whose servlet classes the filter shares, where every write of a forward can be made
     * without blocking.
     */
    static boolean relaysInPlace(ServletContext context) {
        return WholeAnswerWrite.sameServerAs(context.getAttribute(SERVER_EXECUTOR));
    }

    /**
     * Forwards the request to the first of its candidate members, and on failure to the next
     * ones while the request may be retried. The request must be async-supported. A client
     * address that already has {@code forward.max-per-client} forwards in progress is answered
     * {@code 429}. The forward owns the request's end from here: {@code whenEnded} runs once, when
     * the client's response is complete, whichever way.
     */
    void forward(Exchange exchange, Runnable whenEnded) throws IOException {
        String client = exchange.request.getRemoteAddr();
        if (!clientCap.acquire(client)) {
            try {
                counters.rejected(Rejection.OVER_CLIENT_CAP);
                exchange.response.reset();
                exchange.response.setHeader("Retry-After", "1");
                exchange.response.setHeader("Connection", "close");
                PlainText.write(exchange.response, 429, "affinity: too many requests from this address are being forwarded at once "
                        + "(forward.max-per-client); retry shortly");
            } finally {
                whenEnded.run();
            }
            return;
        }
        Cleanup cleanup = new Cleanup(exchange, client, whenEnded);
        try {
            counters.forwarded();
            String name = exchange.self.name();
            if (!name.equals(viaName)) {
                viaName = name;
            }
            exchange.request.setAttribute(EXCHANGE, exchange);
            exchange.onEnd(cleanup::end);
            AsyncContext async = exchange.request.startAsync();
            async.setTimeout(0);
            async.addListener(cleanup);
            inFlight.add(exchange);
        } catch (RuntimeException e) {
            cleanup.end();
            throw e;
        }
        attempt(exchange, exchange.next());
    }

    /** Abandons every forward that waits for an answer from {@code member}, now marked down. */
    private void abandonWaitingOn(Member member) {
        MemberDownException reason = new MemberDownException(member);
        for (Exchange exchange : inFlight) {
            if (exchange.abandonIfWaitingOn(member, reason)) {
                counters.abandoned();
            }
        }
    }

    private void attempt(Exchange exchange, Member member) {
        HttpServletRequest request = exchange.request;
        Request proxyRequest = newProxyRequest(request, member.baseUrl() + exchange.target);
        exchange.attempting(member, proxyRequest);
        copyRequestHeaders(request, proxyRequest);
        addProxyHeaders(request, proxyRequest);
        String mark = marks.sign(exchange.self.name(), member.name(), exchange.key.hash(), request.getMethod(), exchange.target);
        proxyRequest.headers(headers -> headers.put(ForwardingMark.HEADER, mark));
        proxyRequest.onRequestBegin(begun -> exchange.established());
        if (!settings.responseTimeout().isZero()) {
            proxyRequest.onRequestSuccess(sent -> {
                exchange.awaitingResponse(sent, System.nanoTime() + settings.responseTimeout().toNanos());
                answerTimeouts.schedule(exchange);
            });
        }
        if (exchange.hasBody) {
            AsyncRequestContent content = new AsyncRequestContent();
            proxyRequest.body(content);
            if (!expects100Continue(request)) {
                proxyRequest.onRequestBegin(begun -> streamBody(exchange, proxyRequest, content));
            }
        }
        proxyRequest.send(new FailoverListener(exchange, member));
        exchange.sent(proxyRequest);
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
        BodyWatch watch = BodyWatch.needed(settings)
                ? new BodyWatch(settings.bodyMinRate(), settings.bodyTimeout().toMillis(), exchange.request.getContentLengthLong(),
                        () -> System.nanoTime() / 1_000_000)
                : null;
        exchange.bodyStarted(watch);
        try {
            exchange.request.getInputStream().setReadListener(newReadListener(exchange.request, exchange.response, proxyRequest, content));
        } catch (IOException | RuntimeException e) {
            exchange.clientFailed("the request's body could not be read from the client");
            content.fail(e);
            return;
        }
        if (watch != null) {
            watchBody(exchange, proxyRequest, watch);
        }
    }

    /** Checks each second that the client keeps to the body's limits, and cuts it off when it does not. */
    private void watchBody(Exchange exchange, Request proxyRequest, BodyWatch watch) {
        getHttpClient().getScheduler().schedule(() -> {
            String violation = watch.violation();
            if (violation != null) {
                exchange.clientFailed(violation);
                counters.slowBody();
                LOG.debug("affinity: cutting off {} forwarding {}: {}", exchange.request.getRemoteAddr(), exchange.target, violation);
                onClientRequestFailure(exchange.request, proxyRequest, exchange.response, new TimeoutException(violation));
            } else if (!watch.isDone()) {
                watchBody(exchange, proxyRequest, watch);
            }
        }, BodyWatch.CHECK_MILLIS, TimeUnit.MILLISECONDS);
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
        boolean firstPiece = exchange.writing();
        if (firstPiece && length == proxyResponse.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH)
                && heldWhole(exchange, response, buffer, offset, length, callback)) {
            return;
        }
        Callback written = Callback.from(() -> {
            exchange.written();
            callback.succeeded();
        }, failure -> {
            exchange.clientFailed(ANSWER_NOT_WRITTEN);
            exchange.written();
            callback.failed(failure);
        });
        super.onResponseContent(request, response, proxyResponse, buffer, offset, length, written);
    }

    /**
     * Sends an answer that arrived whole in one asynchronous write of a copy, where the container
     * allows it ({@link WholeAnswerWrite}), and frees the member's connection at once, as nginx
     * buffers a small answer: a client that does not read holds the copy, never a connection to a
     * member. {@code false}, and nothing done, where the container does not allow it.
     */
    private boolean heldWhole(Exchange exchange, HttpServletResponse response, byte[] buffer, int offset, int length, Callback relayed) {
        try {
            if (response.isCommitted() || !WholeAnswerWrite.sendCopyIfAvailable(response.getOutputStream(), buffer, offset, length,
                    Callback.from(exchange::written, failure -> clientGone(exchange)))) {
                return false;
            }
        } catch (IOException | RuntimeException e) {
            clientGone(exchange);
        }
        relayed.succeeded();
        return true;
    }

    /**
     * A client that could not take the whole answer held for it: the member answered, so the forward
     * ends here (Jetty tells no {@code AsyncListener} of the response it aborts then).
     */
    private void clientGone(Exchange exchange) {
        exchange.clientFailed(ANSWER_NOT_WRITTEN);
        counters.rejected(Rejection.CLIENT_FAILED);
        try {
            exchange.written();
        } finally {
            exchange.end();
        }
    }

    @Override
    protected StreamWriter newWriteListener(HttpServletRequest request, Response proxyResponse) {
        return new ClientResponseWriter(request, proxyResponse);
    }

    @Override
    public void destroy() {
        if (answerTimeouts != null) {
            answerTimeouts.destroy();
        }
        super.destroy();
    }

    @Override
    protected HttpClient newHttpClient(ClientConnector connector) {
        return relayInPlace ? new HttpClient(new InPlaceRelayTransport(connector)) : super.newHttpClient(connector);
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
     * {@code X-Affinity-Epoch} names this node's view, which placed the request.
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
        if (settings.exposeNode()) {
            proxyResponse.setHeader(AffinityFilter.EPOCH_HEADER, ((Exchange) clientRequest.getAttribute(EXCHANGE)).view.header());
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

    /** A failed exchange whose client was at fault is answered as the client's failure ({@code 408} or {@code 400}). */
    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response serverResponse,
                                          Throwable failure) {
        Exchange exchange = (Exchange) clientRequest.getAttribute(EXCHANGE);
        if (exchange.memberAtFault()) {
            super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
        } else {
            sendProxyResponseError(clientRequest, proxyResponse, clientRequestStatus(failure));
        }
    }

    /**
     * Answers a failed forward and ends it: a response already committed is aborted, and Jetty
     * tells no {@code AsyncListener} of a response aborted or one whose client is gone.
     */
    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
        Exchange exchange = (Exchange) clientRequest.getAttribute(EXCHANGE);
        counters.rejected(exchange.memberAtFault() ? Rejection.UNREACHABLE : Rejection.CLIENT_FAILED);
        if (!proxyResponse.isCommitted()) {
            answerFailure(clientRequest, proxyResponse, exchange, status);
            return;
        }
        try {
            super.sendProxyResponseError(clientRequest, proxyResponse, status);
        } finally {
            exchange.end();
        }
    }

    /**
     * Answers a failed forward whose response is not committed with a short plain message, then
     * completes and ends it. The forwarding client's callbacks, which may get here, never wait on a
     * client: in Jetty the message is written without blocking, as a whole answer is; where it
     * cannot be, and the client relays answers in place, the blocking write runs on a pool thread.
     */
    private void answerFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Exchange exchange, int status) {
        Runnable finish = () -> {
            try {
                complete(exchange);
            } finally {
                exchange.end();
            }
        };
        try {
            proxyResponse.reset();
            if (!exchange.memberAtFault()) {
                proxyResponse.setHeader("Connection", "close");
            }
            byte[] body = PlainText.prepare(proxyResponse, status, explain(exchange, status));
            ServletOutputStream output = proxyResponse.getOutputStream();
            if (WholeAnswerWrite.sendCopyIfAvailable(output, body, 0, body.length, Callback.from(finish, failure -> finish.run()))) {
                return;
            }
            Runnable write = () -> writeAndFinish(output, body, status, finish);
            if (relayInPlace) {
                getHttpClient().getExecutor().execute(write);
            } else {
                write.run();
            }
            return;
        } catch (IOException | RuntimeException e) {
            LOG.debug("affinity: cannot send the {} answer", status, e);
        }
        finish.run();
    }

    /** Writes a failure message with the servlet API's blocking write, then completes and ends the forward. */
    private static void writeAndFinish(ServletOutputStream output, byte[] body, int status, Runnable finish) {
        try {
            output.write(body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("affinity: cannot send the {} answer", status, e);
        } finally {
            finish.run();
        }
    }

    /**
     * The failed request's client is told what failed. A member that answered and closed the
     * connection while its answer was being relayed (as one refusing a body unread may do, unless
     * the client sent {@code Expect: 100-continue}) keeps its status; its body is lost.
     */
    private static String explain(Exchange exchange, int status) {
        if (!exchange.memberAtFault()) {
            return "affinity: " + exchange.clientFailure();
        }
        if (exchange.hasResponse()) {
            return "affinity: the node owning this request answered " + status + " and closed the connection before its answer was relayed";
        }
        if (exchange.abandoned()) {
            return "affinity: the node owning this request was marked down before it answered";
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
        Set<String> names = new HashSet<>(ForwardedHeaderStyle.CLIENT_ADDRESS_HEADERS);
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

    /**
     * Streams the client's body to the member, noting when the client's side fails, and telling
     * the body's watch what the client sent and when the member took it.
     */
    private final class ClientBodyReader extends StreamReader {
        private final Exchange exchange;

        ClientBodyReader(HttpServletRequest request, HttpServletResponse response, Request proxyRequest, AsyncRequestContent content) {
            super(request, response, proxyRequest, content);
            this.exchange = (Exchange) request.getAttribute(EXCHANGE);
        }

        @Override
        protected void onRequestContent(HttpServletRequest request, Request proxyRequest, AsyncRequestContent content,
                                        byte[] buffer, int offset, int length, Callback callback) {
            BodyWatch watch = exchange.body();
            if (watch == null) {
                super.onRequestContent(request, proxyRequest, content, buffer, offset, length, callback);
                return;
            }
            if (!watch.received(length)) {
                callback.failed(new TimeoutException("the client was cut off"));
                return;
            }
            super.onRequestContent(request, proxyRequest, content, buffer, offset, length, Callback.from(watch::delivered, callback));
        }

        @Override
        public void onAllDataRead() {
            BodyWatch watch = exchange.body();
            if (watch != null && !watch.completed()) {
                return;
            }
            super.onAllDataRead();
        }

        @Override
        public void onError(Throwable failure) {
            exchange.clientFailed("the request's body could not be read from the client");
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
            exchange.clientFailed("the answer could not be written to the client");
            super.onError(failure);
        }
    }

    /** Completes the client's response (its answer written), unless its failure ended it already. */
    private static void complete(Exchange exchange) {
        if (exchange.request.isAsyncStarted()) {
            exchange.request.getAsyncContext().complete();
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
            exchange.attemptEnded();
            if (result.getResponseFailure() == null) {
                health.reportAnswer(member, result.getResponse().getStatus());
                exchange.afterWriting(() -> complete(exchange));
                return;
            }
            Throwable failure = result.getFailure();
            BodyWatch watch = exchange.body();
            if (failure instanceof TimeoutException && watch != null && watch.waitingForClient()) {
                exchange.clientFailed("the request's body stopped arriving from the client");
            }
            if (exchange.memberAtFault() && !exchange.abandoned()) {
                health.reportFailure(member);
            }
            if (exchange.retryable()) {
                if (exchange.hasResponse()) {
                    exchange.answerDropped();
                }
                Member next = exchange.next();
                LOG.debug("affinity: forwarding to {} failed ({}), trying {}", member, failure.toString(), next);
                counters.failedOver();
                attempt(exchange, next);
                return;
            }
            LOG.debug("affinity: forwarding to {} failed", member, failure);
            super.onComplete(result);
        }
    }

    /**
     * Ends an exchange's bookkeeping once its client's response is complete, whichever way: when
     * the container reports the completion, or directly once the response was aborted (Jetty does
     * not tell an aborted request's {@code AsyncListener}s).
     */
    private final class Cleanup implements AsyncListener {
        private final Exchange exchange;
        private final String client;
        private final Runnable whenEnded;

        Cleanup(Exchange exchange, String client, Runnable whenEnded) {
            this.exchange = exchange;
            this.client = client;
            this.whenEnded = whenEnded;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end();
        }

        @Override
        public void onError(AsyncEvent event) {
            end();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // forwards have no async timeout
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }

        private void end() {
            if (exchange.markEnded()) {
                counters.forwardTook(System.nanoTime() - exchange.startNanos);
                inFlight.remove(exchange);
                clientCap.release(client);
                whenEnded.run();
            }
        }
    }

    /** Aborts the forwards in progress whose member has not begun answering in time. */
    private final class AnswerTimeouts extends CyclicTimeouts<Exchange> {
        AnswerTimeouts() {
            super(getHttpClient().getScheduler());
        }

        @Override
        protected Iterator<Exchange> iterator() {
            return inFlight.iterator();
        }

        @Override
        protected boolean onExpired(Exchange exchange) {
            exchange.answerOverdue();
            return false;
        }
    }

    /** The member of a forward waiting for its answer was marked down. */
    private static final class MemberDownException extends Exception {
        private static final long serialVersionUID = 1L;

        MemberDownException(Member member) {
            super(member.name() + " was marked down", null, false, false);
        }
    }
}
