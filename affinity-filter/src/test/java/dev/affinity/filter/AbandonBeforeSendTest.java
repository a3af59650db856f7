package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.testing.FreePorts;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.Test;

/**
 * A forward whose member is marked down while the attempt is being prepared, before Jetty's client
 * is handed it, still ends once its connection fails: Jetty's client loses a request aborted before
 * it is sent whose connection then fails (its listener never hears the end), so the abandonment waits
 * until the request is sent. Found as a forwarded request that hung for the client's idle timeout
 * when its owner had just stopped.
 */
class AbandonBeforeSendTest {

    @Test
    void anAttemptAbandonedBeforeItIsSentEndsWhenItsConnectionIsRefused() throws Exception {
        org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient();
        jetty.start();
        JettyContainer node = new JettyContainer();
        try {
            int port = node.bind(0);
            node.start(new ServletApp("/app").servlet("attempt", new AttemptServlet(jetty), "/*"));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app/")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).startsWith("ended: ");
        } finally {
            node.close();
            jetty.stop();
        }
    }

    /** Abandons an attempt to a member nobody listens for, then sends it; answers how it ended. */
    private static final class AttemptServlet extends HttpServlet {
        private final org.eclipse.jetty.client.HttpClient jetty;

        AttemptServlet(org.eclipse.jetty.client.HttpClient jetty) {
            this.jetty = jetty;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Member down = new Member("down", URI.create("http://127.0.0.1:" + FreePorts.next()), 1);
            Exchange exchange = new Exchange(request, response, PartitionKey.of("k"), down, List.of(down), "/", false, null);
            Request attempt = jetty.newRequest(down.baseUrl() + "/");
            exchange.attempting(down, attempt);
            exchange.abandonIfWaitingOn(down, new IllegalStateException("abandoned"));
            CountDownLatch ended = new CountDownLatch(1);
            StringBuilder how = new StringBuilder();
            attempt.send(result -> {
                how.append(result.getFailure() == null ? "answered" : result.getFailure().getMessage());
                ended.countDown();
            });
            exchange.sent(attempt);
            try {
                response.getWriter().print(ended.await(10, TimeUnit.SECONDS) ? "ended: " + how : "never ended");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
