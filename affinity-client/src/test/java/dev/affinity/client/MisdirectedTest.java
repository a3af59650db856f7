package dev.affinity.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Ring;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A member that answers {@code 421 Misdirected Request} did not process the request: the client
 * sends it, a {@code POST} too, to the next member in the key's rank and reads the ring again.
 */
class MisdirectedTest {

    @Test
    void aMisdirectedAnswerSendsTheRequestToTheNextInRank() throws Exception {
        AtomicInteger ringReads = new AtomicInteger();
        try (JettyContainer first = new JettyContainer(); JettyContainer second = new JettyContainer()) {
            first.bind(0);
            second.bind(0);
            List<Member> members = List.of(new Member("m1", first.baseUrl(), 1), new Member("m2", second.baseUrl(), 1));
            String ring = new Ring(Ring.FORMAT, "rendezvous", "param:id", 256, "JSESSIONID", "", 1, "00000001",
                    members.stream().map(m -> new Ring.Entry(m, Ring.UP)).toList()).toJson();
            first.start(new ServletApp("").servlet("m1", new Answer(421, "m1", ring, ringReads), "/*"));
            second.start(new ServletApp("").servlet("m2", new Answer(200, "m2", ring, ringReads), "/*"));
            String key = ownedByFirst(members);

            try (AffinityHttpClient client = AffinityHttpClient.builder(second.baseUrl()).build()) {
                int readsBefore = ringReads.get();
                HttpRequest post = HttpRequest.newBuilder(URI.create("http://farm/orders?id=" + key))
                        .POST(HttpRequest.BodyPublishers.ofString("order")).build();
                HttpResponse<String> answer = client.send(post, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("m2 order");
                HttpResponse<String> later = client.sendAsync(post, HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
                assertThat(later.body()).as("sendAsync").isEqualTo("m2 order");
                await().until(() -> ringReads.get() > readsBefore);
            }
        }
    }

    private static String ownedByFirst(List<Member> members) {
        for (int i = 0; i < 10_000; i++) {
            if (Strategy.RENDEZVOUS.place(members).owner(PartitionKey.of("k" + i).hash()).name().equals("m1")) {
                return "k" + i;
            }
        }
        throw new IllegalStateException("no key owned by m1");
    }

    /** Answers the ring at {@code /affinity/ring}, and every other request with {@code status} and its name and body. */
    private static final class Answer extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String name;
        private final String ring;
        private final transient AtomicInteger ringReads;

        Answer(int status, String name, String ring, AtomicInteger ringReads) {
            this.status = status;
            this.name = name;
            this.ring = ring;
            this.ringReads = ringReads;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getRequestURI().equals("/affinity/ring")) {
                ringReads.incrementAndGet();
                response.getWriter().write(ring);
                return;
            }
            response.setStatus(status);
            response.getWriter().write(name + " " + new String(request.getInputStream().readAllBytes()));
        }
    }
}
