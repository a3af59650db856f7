package dev.affinity.it.nemesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.it.load.SessionHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * One client of the nemesis suite, with a session of its own: one change at a time, a counter
 * increment ({@code GET /counter}) or a cart item ({@code POST /cart/items}, one of a few skus), each
 * with an {@code Idempotency-Key} of its own, entering in turn through every node (and, for
 * {@code GET}s, the balancer). Every operation goes to the {@link History}: {@code invoke}, then
 * {@code ok} with the count or the cart seen, {@code fail} when no attempt can have applied it, or
 * {@code unknown} when one may have.
 *
 * <p>An operation is attempted again, with the same key, through the next entry point while it is not
 * answered {@code 200}: a refused connection or a {@code 503} saying the session could not be read
 * did nothing; a timeout, a cut connection, any other {@code 5xx} (the change not saved, a forward
 * that failed) may have applied it, and the key makes the retry harmless. Every attempt is bounded
 * ({@value #ATTEMPT_SECONDS} s, longer than any pause the nemesis deals, so an attempt to a paused node
 * is answered once it resumes rather than left behind), and an operation gives up after
 * {@value #OPERATION_SECONDS} s.
 */
final class NemesisClient implements Runnable {
    static final List<String> SKUS = List.of("apple", "pear", "tea");
    private static final int ATTEMPT_SECONDS = NemesisFarm.HEARTBEAT_TIMEOUT_SECONDS + 15;
    private static final int OPERATION_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final List<String> nodes;
    private final List<String> entries;
    private final History history;
    private final BooleanSupplier running;
    private final HttpClient http = SessionHttp.newClient();
    private int entry;
    private int sequence;

    /**
     * @param nodes    the nodes' base URLs (every operation may enter here)
     * @param balancer the balancer's base URL ({@code GET}s may enter here too)
     */
    NemesisClient(String name, int firstEntry, List<String> nodes, String balancer, History history, BooleanSupplier running) {
        this.name = name;
        this.entry = firstEntry;
        this.nodes = nodes;
        this.entries = new ArrayList<>(nodes);
        this.entries.add(balancer);
        this.history = history;
        this.running = running;
    }

    String name() {
        return name;
    }

    @Override
    public void run() {
        for (int step = 0; running.getAsBoolean(); step++) {
            try {
                if (step % 2 == 0) {
                    increment();
                } else {
                    add(SKUS.get((step / 2) % SKUS.size()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One counter increment, through the entries in turn. */
    void increment() throws InterruptedException {
        String key = name + "-" + sequence++;
        history.add(name, "invoke", "incr", key, null, "");
        Outcome outcome = attempt(key, () -> HttpRequest.newBuilder().GET(), "/counter", entries);
        history.add(name, outcome.type, "incr", key, outcome.body == null ? null : outcome.body.path("count").asInt(), outcome.detail);
    }

    /** One cart item of {@code sku}, through the nodes in turn. */
    void add(String sku) throws InterruptedException {
        String key = name + "-" + sequence++;
        history.add(name, "invoke", "add", key, sku, "");
        Outcome outcome = attempt(key, () -> HttpRequest.newBuilder()
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku + "\",\"quantity\":1}"))
                .header("Content-Type", "application/json"), "/cart/items", nodes);
        history.add(name, outcome.type, "add", key, outcome.body == null ? sku : Map.of("sku", sku, "cart", quantities(outcome.body)),
                outcome.detail);
    }

    /** Reads the cart (no change) until a node answers, and records what it holds. */
    void readCart() throws InterruptedException {
        String key = name + "-read-" + sequence++;
        history.add(name, "invoke", "read", key, null, "");
        Outcome outcome = attempt(key, () -> HttpRequest.newBuilder().GET(), "/cart", entries);
        history.add(name, outcome.type, "read", key, outcome.body == null ? null : quantities(outcome.body), outcome.detail);
    }

    private static Map<String, Integer> quantities(JsonNode cart) {
        Map<String, Integer> quantities = new TreeMap<>();
        cart.path("items").fields().forEachRemaining(item -> quantities.put(item.getKey(), item.getValue().asInt()));
        return quantities;
    }

    /** What became of an operation: {@code ok} with the JSON answered, {@code fail} or {@code unknown}. */
    private record Outcome(String type, JsonNode body, String detail) {
    }

    /** A request as built anew for each attempt. */
    private interface Request {
        HttpRequest.Builder build();
    }

    private Outcome attempt(String key, Request request, String path, List<String> through) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(OPERATION_SECONDS).toNanos();
        boolean mayHaveApplied = false;
        StringBuilder detail = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String base = through.get(entry++ % through.size());
            detail.append(detail.isEmpty() ? "" : "; ").append(entryName(base)).append(' ');
            try {
                HttpResponse<String> response = exchange(request.build(), URI.create(base + path), key);
                if (response.statusCode() == 303) {
                    URI location = URI.create(response.headers().firstValue("Location").orElse(""));
                    if (nodes.stream().noneMatch(node -> location.toString().startsWith(node + "/"))) {
                        detail.append("redirected off the farm to ").append(location);
                        return new Outcome("fail", null, detail.toString());
                    }
                    detail.append("303 ").append(entryName(location.toString())).append(' ');
                    response = exchange(HttpRequest.newBuilder().GET(), location, key);
                }
                int status = response.statusCode();
                detail.append(status);
                if (status == 200) {
                    detail.append(' ').append(response.headers().firstValue("X-Affinity-Node").orElse("?"));
                    return new Outcome("ok", JSON.readTree(response.body()), detail.toString());
                }
                if (status < 500) {
                    detail.append(' ').append(response.body().strip());
                    return new Outcome(mayHaveApplied ? "unknown" : "fail", null, detail.toString());
                }
                boolean nothingDone = status == 503 && response.body().contains("cannot be read");
                mayHaveApplied |= !nothingDone;
                if (status == 503) {
                    Thread.sleep(500);
                }
            } catch (ConnectException | HttpConnectTimeoutException e) {
                detail.append(e instanceof ConnectException ? "refused" : "connect timeout");
            } catch (IOException e) {
                detail.append(e.getClass().getSimpleName());
                mayHaveApplied = true;
            }
        }
        return new Outcome(mayHaveApplied ? "unknown" : "fail", null, detail.toString());
    }

    private String entryName(String url) {
        int index = nodes.indexOf(url.replaceAll("(http://[^/]+).*", "$1"));
        return index >= 0 ? "node" + (index + 1) : "balancer";
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, URI uri, String key) throws IOException, InterruptedException {
        return SessionHttp.exchange(http, request, uri, key, Duration.ofSeconds(ATTEMPT_SECONDS));
    }
}
